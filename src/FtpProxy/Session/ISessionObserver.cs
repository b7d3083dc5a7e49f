namespace FtpProxy.Session;

/// <summary>Milestones of a session, for whoever hosts it (the daemon's registry, a worker's report to its parent).</summary>
internal interface ISessionObserver
{
    void LoggedIn(string user);

    void TransferStarted(string verb, string path);

    /// <summary>The running transfer has relayed <paramref name="bytesSoFar"/> bytes: at most once a second, while the count moves.</summary>
    void TransferProgress(long bytesSoFar);

    void TransferDone(TransferReport report);

    void Ended(string reason);
}
