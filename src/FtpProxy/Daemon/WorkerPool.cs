using System.Collections.Concurrent;
using FtpProxy.Handoff;
using Serilog;

namespace FtpProxy.Daemon;

/// <summary>
/// Keeps spare workers started ahead of time (prefork), each warm and waiting for a socket, so no
/// client waits for a process to start. A taken spare is replaced off the accept path. When none is
/// ready, the client joins a first-come queue that every worker getting ready serves before it
/// becomes a spare; workers start at most a few at a time, so a connection storm on a small machine
/// queues instead of starting hundreds of runtimes that starve each other and the daemon.
/// </summary>
internal sealed partial class WorkerPool(
    int spares,
    WorkerLaunchSettings launch,
    ILogger log,
    Action<WorkerProcess, HandoffMessage> onMessage,
    Action<WorkerProcess, int> onSessionWorkerExit) : IAsyncDisposable
{
    /// <summary>A worker that is not ready by then is broken or starved: it is killed, and counts as a failed start.</summary>
    private static readonly TimeSpan ColdStartTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a client waits in the queue for a worker before the daemon answers 421.</summary>
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often a waiting client is checked for a kick, a shutdown or having left.</summary>
    private static readonly TimeSpan AbandonCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the replacement of a taken spare waits while another spare is still idle: a .NET
    /// start takes a core for ~100 ms, and on a small machine it would otherwise compete with the
    /// session that was just handed over.
    /// </summary>
    private static readonly TimeSpan ReplacementDelay = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan BrokenStartDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A .NET start takes a whole core for ~100 ms: more starts at once than cores only makes each
    /// slower, and the first client in the queue waits for all of them.
    /// </summary>
    private static readonly int MaxConcurrentStarts = Math.Max(2, Environment.ProcessorCount);

    private readonly Lock _gate = new();
    private readonly Queue<WorkerProcess> _idle = new();
    private readonly LinkedList<TaskCompletionSource<WorkerProcess?>> _waiters = new();
    private readonly ConcurrentDictionary<WorkerProcess, Task> _running = new();
    private int _starting;
    private int _launching;
    private TaskCompletionSource? _launchesEnded;
    private bool _stopping;
    private bool _retryPending;

    public void Start() => StartWorkersAsNeeded();

    /// <summary>
    /// A ready worker for one client; null if none came in time, a start failed, or
    /// <paramref name="abandoned"/> says the client needs none any more.
    /// </summary>
    /// <param name="abandoned">Asked every second while the client waits: kicked, shutting down, or gone.</param>
    /// <param name="atFront">Queue at the head: for a client whose worker failed at the hand-off.</param>
    public async Task<WorkerProcess?> TakeAsync(Func<bool> abandoned, bool atFront = false)
    {
        LinkedListNode<TaskCompletionSource<WorkerProcess?>> waiter;
        lock (_gate)
        {
            // Spares go to the queue first: a client that just arrived must not overtake one waiting.
            if ((_waiters.Count == 0 || atFront) && TakeLiveSpare() is { } spare)
            {
                ScheduleStarts(_idle.Count > 0 ? ReplacementDelay : TimeSpan.Zero);
                return spare;
            }

            var request = new TaskCompletionSource<WorkerProcess?>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = atFront ? _waiters.AddFirst(request) : _waiters.AddLast(request);
        }

        // Off the accept loop (which calls us directly): Process.Start blocks its thread.
        ScheduleStarts(TimeSpan.Zero);

        var outcome = await waiter.Value.Task.CompletesUnlessAbandonedAsync(abandoned, AbandonCheckInterval, QueueTimeout);
        if (outcome != WaitOutcome.Completed && waiter.Value.TrySetResult(null))
        {
            lock (_gate)
            {
                // A worker being delivered or a failed start may have unlinked it already.
                if (waiter.List is not null)
                {
                    _waiters.Remove(waiter);
                }
            }

            if (outcome == WaitOutcome.TimedOut)
            {
                log.Warning("No worker became ready within {Seconds} s", QueueTimeout.TotalSeconds);
            }
        }

        return await waiter.Value.Task;
    }

    /// <summary>Gives back a worker that was taken but not handed a client: the next waiting client or the spares get it.</summary>
    public void Return(WorkerProcess worker)
    {
        if (worker.HasExited)
        {
            worker.Dispose();
            return;
        }

        Deliver(worker);
    }

    public async ValueTask DisposeAsync()
    {
        List<WorkerProcess> idle;
        Task launchesEnded;
        lock (_gate)
        {
            _stopping = true;
            idle = [.. _idle];
            _idle.Clear();
            FailWaiters(_waiters.Count);
            launchesEnded = _launching == 0
                ? Task.CompletedTask
                : (_launchesEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        foreach (var spare in idle)
        {
            spare.Dispose();
        }

        // A process start under way now would add a worker after the look below; none begins after _stopping.
        await launchesEnded.CompletesWithinAsync(TimeSpan.FromSeconds(10));

        // A worker still starting would serve nobody: it is not waited for.
        foreach (var worker in _running.Keys.Where(w => !w.Ready.IsCompleted))
        {
            log.Debug("Worker {WorkerPid} is still starting at shutdown; killing it", worker.Pid);
            worker.Kill();
        }

        await Task.WhenAll(_running.Values).CompletesWithinAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Hands a ready worker to the longest-waiting client; with none waiting it becomes a spare.</summary>
    private void Deliver(WorkerProcess worker)
    {
        lock (_gate)
        {
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult(worker))
                {
                    return;
                }
            }

            // Beyond --spare-workers (a returned worker, or one whose client stopped waiting while it
            // started) it is let go: an idle worker is memory the operator did not ask for.
            if (!_stopping && _idle.Count < spares)
            {
                _idle.Enqueue(worker);
                return;
            }
        }

        worker.Dispose();
    }

    /// <summary>Answers the first <paramref name="count"/> waiting clients with no worker. Under the gate.</summary>
    private void FailWaiters(int count)
    {
        for (; count > 0 && _waiters.First is { } first; count--)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult(null);
        }
    }

    /// <summary>The first idle spare still alive, or null; dead ones are dropped on the way. Under the gate.</summary>
    private WorkerProcess? TakeLiveSpare()
    {
        while (_idle.TryDequeue(out var spare))
        {
            if (!spare.HasExited)
            {
                return spare;
            }
        }

        return null;
    }

    /// <summary>Takes spares that have exited out of the idle queue. Under the gate.</summary>
    private void DropExitedSpares()
    {
        for (var remaining = _idle.Count; remaining > 0; remaining--)
        {
            var spare = _idle.Dequeue();
            if (!spare.HasExited)
            {
                _idle.Enqueue(spare);
            }
        }
    }
}
