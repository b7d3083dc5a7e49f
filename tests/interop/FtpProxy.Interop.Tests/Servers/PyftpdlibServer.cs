using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>pyftpdlib 1.5.7, no config file, no system user (RECIPES.md §2.1). One address per process.</summary>
internal sealed partial class PyftpdlibServer(IPAddress address) : FtpServerProcess(ServerKind.Pyftpdlib, address)
{
    protected override string CommandLogPath => Scratch.Combine("pyftpdlib.log");

    // -D logs to stderr, which is also where start-up errors go.
    protected override string ConsoleLogPath => CommandLogPath;

    protected override Regex CommandLine => Received();

    protected override Regex? ReplyLine => Sent();

    // The passive range (-r) is optional (RECIPES.md §1) and left out: ephemeral ports cannot collide
    // with a v4/v6 twin or with whatever else runs on this machine.
    protected override ProcessCommand Prepare(int port) =>
        ServerShell.Exec(
            CommandLogPath,
            InteropProgram.Python3Path,
            "-m", "pyftpdlib",
            "-i", AddressText,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-d", RootDirectory,
            "-u", User,
            "-P", Password,
            "-w",
            "-D");

    // [D 2026-11-21 07:51:09] 127.0.0.1:53742-[ftptest] <- PORT 127,0,0,1,152,65
    [GeneratedRegex(@"\] <- (.*)$")]
    private static partial Regex Received();

    // [D 2026-11-21 07:56:26] 127.0.0.1:57962-[ftptest] -> 229 Entering extended passive mode (|||44951|).
    [GeneratedRegex(@"\] -> (.*)$")]
    private static partial Regex Sent();
}
