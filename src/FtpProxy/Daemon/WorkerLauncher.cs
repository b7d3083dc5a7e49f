using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FtpProxy.Handoff;
using Serilog;

namespace FtpProxy.Daemon;

/// <summary>
/// Starts worker processes. The worker's end of its socketpair is the only descriptor a child may
/// inherit: it is made inheritable under one lock that serialises every process start, so no
/// other child ever receives it (DESIGN.md, process model).
/// </summary>
internal static class WorkerLauncher
{
    private static readonly Lock StartLock = new();

    public static WorkerProcess? TryStart(WorkerLaunchSettings settings, ILogger log)
    {
        if (!SeqPacketChannel.TryCreatePair(out var parentEnd, out var workerEnd, out var errno))
        {
            log.Error("socketpair failed with errno {Errno}; no worker started", errno);
            return null;
        }

        Process? process = null;
        lock (StartLock)
        {
            try
            {
                SeqPacketChannel.SetCloseOnExec(workerEnd, closeOnExec: false);
                process = Process.Start(BuildStartInfo(settings, workerEnd));
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                log.Error("Cannot start a worker process: {Error}", e.Message);
            }
            finally
            {
                // The parent never uses the worker's end; closing it here lets the worker see EOF if we die.
                NativeMethods.Close(workerEnd);
            }
        }

        if (process is null)
        {
            NativeMethods.Close(parentEnd);
            return null;
        }

        return new WorkerProcess(process, SeqPacketChannel.ToSocket(parentEnd));
    }

    private static ProcessStartInfo BuildStartInfo(WorkerLaunchSettings settings, int workerEnd)
    {
        var (program, prefix) = SelfCommand();
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in prefix)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(Worker.WorkerArguments.Command);
        info.ArgumentList.Add("--channel-fd");
        info.ArgumentList.Add(workerEnd.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--log-level");
        info.ArgumentList.Add(settings.LogLevel.ToString().ToLowerInvariant());
        info.ArgumentList.Add("--log-format");
        info.ArgumentList.Add(settings.LogFormat.ToString().ToLowerInvariant());

        // A killed .NET process leaves /tmp/dotnet-diagnostic-* behind; workers need no diagnostics port.
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        // One malloc arena instead of one per thread: measured 0.35 MiB less private memory per worker
        // (docs/benchmarks.md); a worker's few threads hardly contend for malloc.
        info.Environment["MALLOC_ARENA_MAX"] = "1";
        // The runtime keeps up to 16 MiB of the JIT's scratch slabs for the next compilation; a
        // worker compiles nothing after its warm-up, so cached slabs are only private memory it keeps
        // for good: measured 0.3 MiB per worker (docs/benchmarks.md).
        info.Environment["DOTNET_JitHostMaxSlabCache"] = "0";
        // No tier-up in a worker: a session is too short to repay recompiling its methods, and the
        // runtime would start its tiering thread in the middle of the client's first exchange (it
        // measured +0.7 ms per session; docs/benchmarks.md). The code stays ReadyToRun-compiled (or
        // quick-JIT-compiled where R2R has none): the relay moved 1 GiB as fast or faster without it.
        // Without the tiering delay either, no tiering thread is ever started: a spare idle for more
        // than 4 s (when that thread retires) no longer starts one on its client's first exchange.
        // Tiering itself stays on (the daemon's runtimeconfig turns it off for the daemon): without
        // it, methods ReadyToRun lacks are compiled fully optimised, +1.8 MiB per worker.
        info.Environment["DOTNET_TieredCompilation"] = "1";
        info.Environment["DOTNET_TC_CallCounting"] = "0";
        info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        return info;
    }

    /// <summary>How to run this same program again: the apphost itself, or `dotnet ftpproxy.dll`.</summary>
    private static (string Program, string[] Prefix) SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.Ordinal);
        return isDotnetHost
            ? (processPath, [Assembly.GetEntryAssembly()!.Location])
            : (processPath, []);
    }
}
