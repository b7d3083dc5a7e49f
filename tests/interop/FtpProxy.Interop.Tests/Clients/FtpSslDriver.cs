using System.Text;
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

    public override ProcessCommand BuildCommand(ClientJob job)
    {
        var script = new StringBuilder();
        script.Append($"user {job.User} {job.Password}\n");
        if (job.Mode == ClientDataMode.Passive)
        {
            script.Append("passive\n");
        }

        script.Append("binary\n");
        script.Append(job.Operation switch
        {
            ClientOperation.List => "ls\n",
            ClientOperation.Retrieve => $"get {job.RemoteName} {job.LocalPath}\n",
            _ => $"put {job.LocalPath} {job.RemoteName}\n",
        });
        script.Append("quit\n");
        return new ProcessCommand(InteropProgram.FtpSslPath, ["-z", "nossl", "-n", "-v", "-d", job.Host, job.Port])
        {
            StandardInput = script.ToString(),
        };
    }
}
