using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>Drives one real client program non-interactively; each run has a deadline and is killed by pid past it.</summary>
internal abstract class FtpClientDriver
{
    public abstract ClientKind Kind { get; }

    /// <summary>The name in <see cref="InteropProgram"/>.</summary>
    public abstract string Program { get; }

    public virtual bool CanStore => true;

    /// <summary>The exact command line for <paramref name="job"/>: program, arguments and standard input.</summary>
    public abstract ProcessCommand BuildCommand(ClientJob job);

    public async Task<ClientRun> RunAsync(ClientJob job)
    {
        if (job.Operation == ClientOperation.Store && !CanStore)
        {
            throw new NotSupportedException($"{Kind} cannot upload");
        }

        var run = await BoundedProcess.RunAsync(BuildCommand(job) with { WorkingDirectory = job.WorkDirectory }, job.Timeout);
        return new ClientRun(run, job.Operation == ClientOperation.List ? ReadListing(job, run) : string.Empty);
    }

    /// <summary>Where the listing ends up: on standard output unless the client writes it to a file.</summary>
    protected virtual string ReadListing(ClientJob job, ProcessRun run) => run.StandardOutput;

    protected static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
}
