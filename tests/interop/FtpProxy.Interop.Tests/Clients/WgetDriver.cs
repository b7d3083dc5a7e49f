using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// wget: download and LIST only, it cannot upload (RECIPES.md §3.5). `-d` prints "--&gt; CMD" and the replies.
/// Passive (PASV) is its default; `--no-passive-ftp` makes it active (PORT). The raw listing is kept in
/// `.listing` in the working directory by `--no-remove-listing`.
/// </summary>
internal sealed class WgetDriver : FtpClientDriver
{
    public override ClientKind Kind => ClientKind.Wget;

    public override string Program => InteropProgram.Wget;

    public override bool CanStore => false;

    public override ProcessCommand BuildCommand(ClientJob job)
    {
        // One try (the default is 20, with waits) and a read timeout well inside the run's deadline.
        List<string> arguments = ["-d", "--no-hsts", "--tries=1", "--timeout=20", "--progress=dot:giga", $"--user={job.User}", $"--password={job.Password}"];
        if (job.Mode == ClientDataMode.Active)
        {
            arguments.Add("--no-passive-ftp");
        }

        arguments.AddRange(job.Operation switch
        {
            ClientOperation.List => ["--no-remove-listing", "-O", job.LocalPath, job.Url()],
            ClientOperation.Retrieve => ["-O", job.LocalPath, job.Url(job.RemoteName)],
            _ => throw new NotSupportedException("wget cannot upload"),
        });
        return new ProcessCommand(InteropProgram.WgetPath, arguments);
    }

    protected override string ReadListing(ClientJob job, ProcessRun run) =>
        ReadIfExists(Path.Combine(job.WorkDirectory, ".listing"));
}
