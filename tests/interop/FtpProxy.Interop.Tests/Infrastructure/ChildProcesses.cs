using System.Diagnostics;
using FtpProxy.Tests.Common;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>Stopping processes this test run started, always by their own pid (never by name).</summary>
internal static class ChildProcesses
{
    /// <summary>SIGKILL to the process and the children it forked (found through its pid), then reaps it.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped.
        }
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL: how the servers like to be stopped (RECIPES.md §1).</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        ProxyProcess.Signal(process.Id, ProxyProcess.SigTerm);
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            Kill(process);
        }
    }
}
