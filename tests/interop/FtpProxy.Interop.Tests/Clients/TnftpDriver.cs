using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// tnftp with commands on standard input (RECIPES.md §3.2). Passive (EPSV) is its default; `passive off` makes it
/// active (EPRT on IPv4). Like ftp-ssl its exit code is 0 even on failure.
/// </summary>
internal sealed class TnftpDriver : FtpClientDriver
{
    public override ClientKind Kind => ClientKind.Tnftp;

    public override string Program => InteropProgram.Tnftp;

    public override ProcessCommand BuildCommand(ClientJob job) =>
        new(InteropProgram.TnftpPath, ["-n", "-v", "-d", job.Host, job.Port])
        {
            StandardInput = NetkitScript(job, job.Mode == ClientDataMode.Active ? "passive off" : null),
        };
}
