namespace FtpProxy.Session;

/// <summary>
/// When to tell the host how far the running transfer has got, so that `sessions list` shows a long
/// download moving rather than 0 until its end: once a second at most, and only when the count moved
/// (a stalled transfer costs no reports). The transfer's own report carries the total.
/// </summary>
internal sealed class TransferProgressClock
{
    private const long IntervalMilliseconds = 1000;

    private long _dueAt = long.MaxValue;
    private long _reportedBytes;

    /// <summary>The next report's moment, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long DueAt => _dueAt;

    /// <summary>A transfer starts: its first report is due a second from now.</summary>
    public void Restart()
    {
        _dueAt = Environment.TickCount64 + IntervalMilliseconds;
        _reportedBytes = 0;
    }

    public void ReportIfDue(long bytesSoFar, ISessionObserver observer)
    {
        var now = Environment.TickCount64;
        if (now < _dueAt)
        {
            return;
        }

        _dueAt = now + IntervalMilliseconds;
        if (bytesSoFar != _reportedBytes)
        {
            _reportedBytes = bytesSoFar;
            observer.TransferProgress(bytesSoFar);
        }
    }
}
