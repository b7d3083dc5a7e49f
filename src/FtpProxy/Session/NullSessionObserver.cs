namespace FtpProxy.Session;

/// <summary>For hosts that keep no registry: the session's own log lines are the record.</summary>
internal sealed class NullSessionObserver : ISessionObserver
{
    public static readonly NullSessionObserver Instance = new();

    public void LoggedIn(string user)
    {
    }

    public void TransferStarted(string verb, string path)
    {
    }

    public void TransferProgress(long bytesSoFar)
    {
    }

    public void TransferDone(TransferReport report)
    {
    }

    public void Ended(string reason)
    {
    }
}
