using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>vsftpd 3.0.3, local system user ftptest through PAM service vsftpd (RECIPES.md §2.2).</summary>
internal sealed partial class VsftpdServer(IPAddress address) : FtpServerProcess(ServerKind.Vsftpd, address)
{
    protected override string CommandLogPath => Scratch.Combine("vsftpd.log");

    protected override string ConsoleLogPath => Scratch.Combine("vsftpd.stdout");

    protected override Regex CommandLine => Received();

    protected override Regex? ReplyLine => Sent();

    protected override Task BeforeFirstStartAsync()
    {
        Scratch.CreateSubdirectory("empty", Modes.Directory755);
        return Task.CompletedTask;
    }

    protected override ProcessCommand Prepare(int port)
    {
        var config = Scratch.Combine("vsftpd.conf");
        File.WriteAllText(config, Config(port));
        return ServerShell.ExecWithStdinToOutput(ConsoleLogPath, InteropProgram.VsftpdPath, config);
    }

    // pasv_min_port/pasv_max_port are optional (RECIPES.md §1) and left out: ephemeral passive ports.
    private string Config(int port) =>
        (IsIPv6
            ? $"listen=NO\nlisten_ipv6=YES\nlisten_address6={AddressText}\n"
            : $"listen=YES\nlisten_ipv6=NO\nlisten_address={AddressText}\n")
        + string.Create(
            CultureInfo.InvariantCulture,
            $"""
            listen_port={port}
            background=NO
            run_as_launching_user=NO
            anonymous_enable=NO
            local_enable=YES
            write_enable=YES
            local_umask=022
            local_root={RootDirectory}
            chroot_local_user=YES
            allow_writeable_chroot=YES
            secure_chroot_dir={Scratch.Combine("empty")}
            seccomp_sandbox=NO
            pam_service_name=vsftpd
            userlist_enable=NO
            tcp_wrappers=NO
            ssl_enable=NO
            pasv_enable=YES
            port_enable=YES
            connect_from_port_20=NO
            xferlog_enable=YES
            xferlog_std_format=NO
            log_ftp_protocol=YES
            vsftpd_log_file={CommandLogPath}
            syslog_enable=NO
            dual_log_enable=NO

            """);

    // Sat Nov 21 07:51:21 2026 [pid 8630] [ftptest] FTP command: Client "127.0.0.1", "PORT 127,0,0,1,130,5"
    [GeneratedRegex("FTP command: Client \"[^\"]*\", \"(.*)\"$")]
    private static partial Regex Received();

    [GeneratedRegex("FTP response: Client \"[^\"]*\", \"(.*)\"$")]
    private static partial Regex Sent();
}
