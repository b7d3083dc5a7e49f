using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// curl, one operation per run (RECIPES.md §3.4). `-v` prints "&gt; CMD" and "&lt; reply" on standard error.
/// Passive (EPSV) is its default; `--no-ftp-skip-pasv-ip` makes it connect where a 227 says instead of
/// re-using the control address. Active: `-P -` (EPRT with the control connection's local address).
/// </summary>
internal sealed class CurlDriver : FtpClientDriver
{
    public override ClientKind Kind => ClientKind.Curl;

    public override string Program => InteropProgram.Curl;

    public override ProcessCommand BuildCommand(ClientJob job)
    {
        List<string> arguments = ["-v", "-sS", "--connect-timeout", "10", "--user", $"{job.User}:{job.Password}"];
        arguments.AddRange(job.Mode == ClientDataMode.Active ? ["-P", "-"] : ["--no-ftp-skip-pasv-ip"]);
        arguments.AddRange(job.Operation switch
        {
            // The trailing slash makes it a LIST; --list-only would be NLST.
            ClientOperation.List => [job.Url(), "-o", job.LocalPath],
            ClientOperation.Retrieve => [job.Url(job.RemoteName), "-o", job.LocalPath],
            _ => ["-T", job.LocalPath, job.Url(job.RemoteName)],
        });
        return new ProcessCommand(InteropProgram.CurlPath, arguments);
    }

    protected override string ReadListing(ClientJob job, ProcessRun run) => ReadIfExists(job.LocalPath);
}
