using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>
/// pure-ftpd 1.0.50, virtual user through PureDB, in a private mount namespace with a per-instance
/// syslog socket bind-mounted over /dev/log (RECIPES.md §2.4). Needs root.
/// </summary>
internal sealed partial class PureFtpdServer(IPAddress address) : FtpServerProcess(ServerKind.PureFtpd, address)
{
    private const string StartScript =
        "mount --bind \"$1\" /dev/log && exec " + InteropProgram.PureFtpdPath
        + " -S \"$2,$3\" -l \"puredb:$4\" -E -A -H -d -d -c 50 -C 50 -I 60 -g \"$5\"";

    private SyslogSink? _sink;

    protected override string CommandLogPath => Scratch.Combine("pure-ftpd.log");

    protected override string ConsoleLogPath => Scratch.Combine("pure-ftpd.stderr");

    protected override Regex CommandLine => Received();

    protected override Regex? ReplyLine => Sent();

    protected override async Task BeforeFirstStartAsync()
    {
        // The bind-mount target; /dev is a devtmpfs, so the install script's placeholder may be gone after a reboot.
        if (!Path.Exists("/dev/log"))
        {
            await File.WriteAllBytesAsync("/dev/log", []);
        }

        var passwd = Scratch.Combine("pureftpd.passwd");
        // The "/./" after the home makes it a chroot.
        await File.WriteAllTextAsync(passwd, $"{User}:{ProftpdServer.PasswordHash}:65534:65534::{RootDirectory}/./::::::::::::\n");
        var mkdb = await BoundedProcess.RunAsync(
            new ProcessCommand(InteropProgram.PurePwPath, ["mkdb", Scratch.Combine("pureftpd.pdb"), "-f", passwd]),
            TimeSpan.FromSeconds(30));
        if (mkdb.ExitCode != 0)
        {
            throw new InvalidOperationException($"pure-pw mkdb failed ({mkdb.ExitCode}):\n{mkdb.Transcript}");
        }

        // The socket must exist before pure-ftpd starts: it opens the log at start-up, before chroot.
        _sink = new SyslogSink(Scratch.Combine("syslog.sock"), CommandLogPath);
    }

    // -p (passive range) is optional (RECIPES.md §1) and left out: ephemeral passive ports. Without -B it stays
    // in the foreground; unshare and sh exec, so the pid started is pure-ftpd's. A failed bind exits 0,
    // so only the readiness probe can tell.
    protected override ProcessCommand Prepare(int port) =>
        ServerShell.Exec(
            ConsoleLogPath,
            InteropProgram.UnsharePath,
            "--mount", "--propagation", "private",
            InteropProgram.ShellPath, "-c", StartScript,
            "pure",
            Scratch.Combine("syslog.sock"),
            AddressText,
            port.ToString(CultureInfo.InvariantCulture),
            Scratch.Combine("pureftpd.pdb"),
            Scratch.Combine("pure-ftpd.pid"));

    protected override async ValueTask AfterStopAsync()
    {
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }

    // <95>Nov 21 07:51:17 pure-ftpd: (ftptest@127.0.0.1) [DEBUG] Command [port] [127,0,0,1,214,163]
    [GeneratedRegex(@"\[DEBUG\] Command \[(?<verb>\w+)\] \[(?<arg>.*)\]$")]
    private static partial Regex Received();

    // <95>Nov 21 07:58:13 pure-ftpd: (ftptest@127.0.0.1) [DEBUG] 227 Entering Passive Mode (127,0,0,1,108,48)
    [GeneratedRegex(@"\[DEBUG\] (\d{3}[ -].*)$")]
    private static partial Regex Sent();
}
