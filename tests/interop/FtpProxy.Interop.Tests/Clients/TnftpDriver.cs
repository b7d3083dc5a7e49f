using System.Text;
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

    public override ProcessCommand BuildCommand(ClientJob job)
    {
        var script = new StringBuilder();
        script.Append($"user {job.User} {job.Password}\n");
        if (job.Mode == ClientDataMode.Active)
        {
            script.Append("passive off\n");
        }

        script.Append("binary\n");
        script.Append(job.Operation switch
        {
            ClientOperation.List => "ls\n",
            ClientOperation.Retrieve => $"get {job.RemoteName} {job.LocalPath}\n",
            _ => $"put {job.LocalPath} {job.RemoteName}\n",
        });
        script.Append("quit\n");
        return new ProcessCommand(InteropProgram.TnftpPath, ["-n", "-v", "-d", job.Host, job.Port])
        {
            StandardInput = script.ToString(),
        };
    }
}
