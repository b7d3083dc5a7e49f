namespace FtpProxy.Daemon;

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
}
