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

    /// <summary>
    /// The standard-input script the netkit-style clients (ftp-ssl, tnftp) share: log in, switch
    /// data mode with <paramref name="modeSwitch"/> when the job needs the client's other mode,
    /// binary, the operation, quit.
    /// </summary>
    protected static string NetkitScript(ClientJob job, string? modeSwitch)
    {
        var script = new System.Text.StringBuilder();
        script.Append($"user {job.User} {job.Password}\n");
        if (modeSwitch is not null)
        {
            script.Append(modeSwitch).Append('\n');
        }

        script.Append("binary\n");
        script.Append(job.Operation switch
        {
            ClientOperation.List => "ls\n",
            ClientOperation.Retrieve => $"get {job.RemoteName} {job.LocalPath}\n",
            _ => $"put {job.LocalPath} {job.RemoteName}\n",
        });
        script.Append("quit\n");
        return script.ToString();
    }
}
