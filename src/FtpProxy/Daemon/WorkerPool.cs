using System.Collections.Concurrent;
using FtpProxy.Handoff;
using Serilog;

namespace FtpProxy.Daemon;

/// <summary>
/// Keeps spare workers started ahead of time (prefork), each warm and waiting for a socket, so no
/// client waits for a process to start. A taken spare is replaced off the accept path; when none
/// is ready, a worker is started for that client.
/// </summary>
internal sealed class WorkerPool(
    int spares,
    WorkerLaunchSettings launch,
    ILogger log,
    Action<WorkerProcess, HandoffMessage> onMessage,
    Action<WorkerProcess, int> onExit) : IAsyncDisposable
{
    private static readonly TimeSpan ColdStartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReplacementDelay = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan BrokenStartDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<WorkerProcess> _idle = new();
    private readonly ConcurrentDictionary<int, Task> _running = new();
    private int _starting;
    private volatile bool _stopping;

    public void Start() => TopUp();

    /// <summary>A ready worker for one client, or null if none could be started.</summary>
    public async Task<WorkerProcess?> TakeAsync()
    {
        while (_idle.TryDequeue(out var spare))
        {
            if (!spare.HasExited)
            {
                ScheduleTopUp();
                return spare;
            }
        }

        // No spare: this client pays for one process start, off the accept loop (which calls us
        // directly and must go on admitting other clients meanwhile).
        await Task.Yield();
        var worker = Launch(countAsSpare: false);
        _ = Task.Run(TopUp);
        if (worker is null)
        {
            return null;
        }

        // The deadline's timer is cancelled as soon as the worker answers, so none outlives the wait.
        using var deadline = new CancellationTokenSource();
        var first = await Task.WhenAny(worker.Ready, Task.Delay(ColdStartTimeout, deadline.Token));
        await deadline.CancelAsync();
        if (first == worker.Ready && worker.Ready.Result)
        {
            return worker;
        }

        // Too slow, or dead: a worker nobody will ever take must not linger.
        worker.Kill();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        while (_idle.TryDequeue(out var spare))
        {
            spare.Dispose();
        }

        await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Replaces a taken spare off the accept path. While another spare is still idle the start
    /// waits a little: a .NET process start takes a whole core for ~100 ms, and on a small machine
    /// it would otherwise compete with the session that was just handed over.
    /// </summary>
    private void ScheduleTopUp() => ScheduleTopUp(_idle.IsEmpty ? TimeSpan.Zero : ReplacementDelay);

    private void ScheduleTopUp(TimeSpan delay) => _ = Task.Delay(delay).ContinueWith(_ => TopUp(), TaskScheduler.Default);

    /// <summary>Starts spares until idle plus starting reaches the target (spares that died meanwhile not counted).</summary>
    private void TopUp()
    {
        DropExitedSpares();
        while (!_stopping && _idle.Count + Volatile.Read(ref _starting) < spares)
        {
            if (Launch(countAsSpare: true) is null)
            {
                return;
            }
        }
    }

    /// <summary>Takes spares that have exited out of the idle queue (one pass; a concurrent take may reorder it, which is harmless).</summary>
    private void DropExitedSpares()
    {
        for (var remaining = _idle.Count; remaining > 0 && _idle.TryDequeue(out var spare); remaining--)
        {
            if (!spare.HasExited)
            {
                _idle.Enqueue(spare);
            }
        }
    }

    private WorkerProcess? Launch(bool countAsSpare)
    {
        if (countAsSpare)
        {
            Interlocked.Increment(ref _starting);
        }

        var worker = WorkerLauncher.TryStart(launch, log);
        if (worker is null)
        {
            if (countAsSpare)
            {
                Interlocked.Decrement(ref _starting);
            }

            return null;
        }

        log.Debug("Started worker {WorkerPid}", worker.Pid);
        _running[worker.Pid] = RunWorkerAsync(worker);
        if (countAsSpare)
        {
            _ = worker.Ready.ContinueWith(
                ready =>
                {
                    if (ready.Result && !_stopping)
                    {
                        _idle.Enqueue(worker);
                    }
                    else if (ready.Result)
                    {
                        worker.Dispose();
                    }

                    Interlocked.Decrement(ref _starting);
                },
                TaskScheduler.Default);
        }

        return worker;
    }

    private async Task RunWorkerAsync(WorkerProcess worker)
    {
        var status = await worker.RunAsync(onMessage);
        worker.Dispose();
        _running.TryRemove(worker.Pid, out _);
        onExit(worker, status);
        if (worker.SessionId is null && !_stopping)
        {
            // A spare died (killed, crashed, failed its warm-up): start its replacement now, not when
            // the next client finds the pool short; after one that never got ready, a second later,
            // so a broken installation does not turn into a tight restart loop.
            ScheduleTopUp(worker.Ready.Result ? TimeSpan.Zero : BrokenStartDelay);
        }
    }
}
