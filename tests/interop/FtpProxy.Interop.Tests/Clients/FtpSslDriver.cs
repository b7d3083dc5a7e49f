using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// netkit ftp-ssl with commands on standard input (RECIPES.md §3.1). `-z nossl`: no AUTH TLS first; `-n`: log in
/// with the `user` command; `-v`: print replies; `-d`: echo commands as "---> CMD". Active (PORT) is its default;
/// the `passive` command toggles to PASV. Its exit code is 0 even on failure: the transcript is what counts.
/// </summary>
internal sealed class FtpSslDriver : FtpClientDriver
{
    public override ClientKind Kind => ClientKind.FtpSsl;

    public override string Program => InteropProgram.FtpSsl;

    public override ProcessCommand BuildCommand(ClientJob job) =>
        new(InteropProgram.FtpSslPath, Arguments(job.Host, job.Port))
        {
            StandardInput = NetkitScript(job, job.Mode == ClientDataMode.Passive ? "passive" : null),
        };

    /// <summary>ftp-ssl's arguments for a non-interactive session with <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string[] Arguments(string host, string port) => ["-z", "nossl", "-n", "-v", "-d", host, port];
}
