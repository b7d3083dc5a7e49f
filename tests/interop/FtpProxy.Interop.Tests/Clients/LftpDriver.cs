using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// lftp with a `-c` script (RECIPES.md §3.3). `-d` writes "---> CMD" / "&lt;--- reply" to standard error: needed,
/// because lftp silently switches to active mode when passive fails. Passive (PASV) is its default.
/// </summary>
internal sealed class LftpDriver : FtpClientDriver
{
    public override ClientKind Kind => ClientKind.Lftp;

    public override string Program => InteropProgram.Lftp;

    public override ProcessCommand BuildCommand(ClientJob job)
    {
        var operation = job.Operation switch
        {
            ClientOperation.List => "ls",
            ClientOperation.Retrieve => $"get {job.RemoteName} -o {job.LocalPath}",
            _ => $"put {job.LocalPath} -o {job.RemoteName}",
        };
        var passive = job.Mode == ClientDataMode.Passive ? "on" : "off";
        var script =
            "set ftp:ssl-allow no; set net:max-retries 1; set net:timeout 10; set xfer:clobber on; set cache:enable no; "
            + $"set ftp:passive-mode {passive}; open -u {job.User},{job.Password} -p {job.Port} {job.Host}; {operation}";
        return new ProcessCommand(InteropProgram.LftpPath, ["-d", "-c", script]);
    }
}
