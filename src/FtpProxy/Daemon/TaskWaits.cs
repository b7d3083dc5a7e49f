namespace FtpProxy.Daemon;

/// <summary>How a wait with <see cref="TaskWaits.CompletesUnlessAbandonedAsync"/> ended.</summary>
internal enum WaitOutcome
{
    Completed,
    Abandoned,
    TimedOut,
}

/// <summary>Bounded waits on the daemon's tasks, with the outcome as a value: running out of time is expected, not exceptional.</summary>
internal static class TaskWaits
{
    /// <summary>
    /// True if <paramref name="task"/> completes within <paramref name="timeout"/> (its own result or
    /// fault is left for the caller to read). The timer is cancelled as soon as the task completes,
    /// so none outlives the wait.
    /// </summary>
    public static async Task<bool> CompletesWithinAsync(this Task task, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource();
        var first = await Task.WhenAny(task, Task.Delay(timeout, timer.Token));
        await timer.CancelAsync();
        return first == task;
    }

    /// <summary>
    /// Waits for <paramref name="task"/> in slices of <paramref name="checkEvery"/>, asking
    /// <paramref name="abandoned"/> after each (a kick, a shutdown, a client that left), until
    /// <paramref name="limit"/> if there is one.
    /// </summary>
    public static async Task<WaitOutcome> CompletesUnlessAbandonedAsync(this Task task, Func<bool> abandoned, TimeSpan checkEvery, TimeSpan? limit = null)
    {
        var deadline = limit is { } bound ? Environment.TickCount64 + (long)bound.TotalMilliseconds : long.MaxValue;
        while (true)
        {
            if (await task.CompletesWithinAsync(checkEvery))
            {
                return WaitOutcome.Completed;
            }

            if (abandoned())
            {
                return WaitOutcome.Abandoned;
            }

            if (Environment.TickCount64 >= deadline)
            {
                return WaitOutcome.TimedOut;
            }
        }
    }
}
