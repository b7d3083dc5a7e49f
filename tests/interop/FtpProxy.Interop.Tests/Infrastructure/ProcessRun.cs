namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>How a bounded process ended: exit code and everything it printed.</summary>
internal sealed record ProcessRun(ProcessCommand Command, int Pid, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Standard output, then standard error: a client's full transcript.</summary>
    public string Transcript => StandardError.Length == 0
        ? StandardOutput
        : StandardOutput + (StandardOutput.EndsWith('\n') || StandardOutput.Length == 0 ? string.Empty : "\n") + StandardError;
}
