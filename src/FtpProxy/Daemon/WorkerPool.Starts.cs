using Serilog.Events;

namespace FtpProxy.Daemon;

/// <summary>The pool's starting side: how many workers to start, and what becomes of each.</summary>
internal sealed partial class WorkerPool
{
    private void ScheduleStarts(TimeSpan delay) =>
        _ = Task.Delay(delay).ContinueWith(_ => StartWorkersAsNeeded(), TaskScheduler.Default);

    /// <summary>
    /// Starts workers until those idle and starting cover the waiting clients plus the spares,
    /// no more than <see cref="MaxConcurrentStarts"/> at a time (spares that died meanwhile not counted).
    /// </summary>
    private void StartWorkersAsNeeded()
    {
        int count;
        lock (_gate)
        {
            DropExitedSpares();
            var wanted = _waiters.Count + spares - _idle.Count - _starting;
            count = _stopping ? 0 : Math.Max(0, Math.Min(wanted, MaxConcurrentStarts - _starting));
            _starting += count;
            _launching += count;
        }

        for (var i = 0; i < count; i++)
        {
            var worker = WorkerLauncher.TryStart(launch, log);
            if (worker is null)
            {
                EndLaunch();
                OnStartFailed();
                continue;
            }

            log.Debug("Started worker {WorkerPid}", worker.Pid);
            _running[worker] = RunWorkerAsync(worker);
            EndLaunch();
            _ = AwaitReadyAsync(worker);
        }
    }

    /// <summary>One process start is over and its worker (if any) is in _running, where a shutdown looks.</summary>
    private void EndLaunch()
    {
        lock (_gate)
        {
            if (--_launching == 0)
            {
                _launchesEnded?.TrySetResult();
            }
        }
    }

    private async Task AwaitReadyAsync(WorkerProcess worker)
    {
        var answered = await worker.Ready.CompletesWithinAsync(ColdStartTimeout);
        if (answered && worker.Ready.Result)
        {
            log.Debug("Worker {WorkerPid} is ready", worker.Pid);
            lock (_gate)
            {
                _starting--;
            }

            Deliver(worker);

            // Its start slot is free: the next client in the queue, or the spares, may need another.
            StartWorkersAsNeeded();
            return;
        }

        if (!answered)
        {
            log.Warning("Worker {WorkerPid} was not ready within {Seconds} s; killing it", worker.Pid, ColdStartTimeout.TotalSeconds);
            worker.Kill();
        }

        OnStartFailed();
    }

    /// <summary>
    /// A start that produced no ready worker costs the client who has waited longest its place: it
    /// gets its 421 now rather than at the queue's timeout. The next starts wait a second, so a
    /// broken installation does not become a tight restart loop.
    /// </summary>
    private void OnStartFailed()
    {
        lock (_gate)
        {
            _starting--;
            FailWaiters(1);

            // One retry pending at most: each failure of a round scheduling its own would double the
            // starts (and their error lines) every second for as long as the installation stays broken.
            if (_retryPending)
            {
                return;
            }

            _retryPending = true;
        }

        _ = Task.Delay(BrokenStartDelay).ContinueWith(
            _ =>
            {
                lock (_gate)
                {
                    _retryPending = false;
                }

                StartWorkersAsNeeded();
            },
            TaskScheduler.Default);
    }

    private async Task RunWorkerAsync(WorkerProcess worker)
    {
        var status = await worker.RunAsync(onMessage);
        worker.Dispose();
        _running.TryRemove(worker, out _);
        if (worker.SessionId is not null)
        {
            onSessionWorkerExit(worker, status);
            return;
        }

        bool stopping;
        lock (_gate)
        {
            stopping = _stopping;
        }

        // A failure is the worker's own; a kill of ours, or any exit while stopping, is expected.
        log.Write(
            status != 0 && !worker.KilledByDaemon && !stopping ? LogEventLevel.Warning : LogEventLevel.Debug,
            "Worker {WorkerPid} exited with status {Status} before serving a session",
            worker.Pid,
            status);

        if (worker.Ready.Result && !stopping)
        {
            // A spare died (killed, crashed): start its replacement now, not when the next client
            // finds the pool short. One that never got ready is replaced through OnStartFailed.
            ScheduleStarts(TimeSpan.Zero);
        }
    }
}
