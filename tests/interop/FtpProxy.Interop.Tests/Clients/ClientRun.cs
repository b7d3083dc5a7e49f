using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>The outcome of one client run: its exit code, full transcript and, for LIST, the listing it got.</summary>
internal sealed record ClientRun(ProcessRun Process, string Listing)
{
    public int ExitCode => Process.ExitCode;

    public string Transcript => Process.Transcript;
}
