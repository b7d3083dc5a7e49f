using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>proftpd 1.3.8, virtual user through AuthUserFile, sessions as nobody:nogroup (RECIPES.md §2.3).</summary>
internal sealed partial class ProftpdServer(IPAddress address) : FtpServerProcess(ServerKind.Proftpd, address)
{
    /// <summary>`openssl passwd -6 -salt ftptestsalt ftptest123`: a constant, so no hashing at start-up.</summary>
    public const string PasswordHash = "$6$ftptestsalt$5.EnGW/mnI3xbN/1FPH7m9xXV1JpJaADlXiL1O3xmVs/DEDf2v.4ci88JEiOmX05uhqjNB.RL70aQj8a9JOyv/";

    public override bool LogsReplies => false;

    protected override string CommandLogPath => Scratch.Combine("commands.log");

    protected override string ConsoleLogPath => Scratch.Combine("proftpd.stderr");

    protected override Regex CommandLine => Received();

    protected override Task BeforeFirstStartAsync()
    {
        var passwd = Scratch.Combine("ftpd.passwd");
        File.WriteAllText(passwd, $"{User}:{PasswordHash}:65534:65534::{RootDirectory}:/bin/false\n");
        File.SetUnixFileMode(passwd, Modes.File600);
        return Task.CompletedTask;
    }

    protected override ProcessCommand Prepare(int port)
    {
        var config = Scratch.Combine("proftpd.conf");
        File.WriteAllText(config, Config(port));
        // -n: no daemon; the system log then goes to stderr.
        return ServerShell.Exec(ConsoleLogPath, InteropProgram.ProftpdPath, "-n", "-c", config);
    }

    // PassivePorts is optional (RECIPES.md §1) and left out: ephemeral passive ports.
    private string Config(int port) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        ServerType              standalone
        ServerName              "proftpd-test"
        ServerIdent             on "proftpd-test ready"
        UseIPv6                 {(IsIPv6 ? "on" : "off")}
        DefaultAddress          {AddressText}
        SocketBindTight         on
        Port                    {port}
        User                    nobody
        Group                   nogroup
        PidFile                 {Scratch.Combine("proftpd.pid")}
        ScoreboardFile          {Scratch.Combine("proftpd.scoreboard")}
        DelayEngine             off
        WtmpLog                 off
        UseLastlog              off
        UseReverseDNS           off
        ControlsEngine          off
        RequireValidShell       off
        AuthPAM                 off
        AuthOrder               mod_auth_file.c
        AuthUserFile            {Scratch.Combine("ftpd.passwd")}
        DefaultRoot             ~
        Umask                   022
        AllowOverwrite          on
        MaxInstances            30
        TransferLog             {Scratch.Combine("xferlog")}
        LogFormat               cmds "%{"{"}iso8601{"}"} %a \"%r\" %s"
        ExtendedLog             {CommandLogPath} ALL cmds

        """);

    // 2026-11-21 07:51:22,238 127.0.0.1 "PORT 127,0,0,1,133,251" 200
    [GeneratedRegex("^\\S+ \\S+ \\S+ \"(.*)\" \\S+$")]
    private static partial Regex Received();
}
