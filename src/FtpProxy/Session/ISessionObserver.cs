namespace FtpProxy.Session;

/// <summary>Milestones of a session, for whoever hosts it (the daemon's registry, a worker's report to its parent).</summary>
internal interface ISessionObserver
{
    void LoggedIn(string user);

    void TransferStarted(string verb, string path);

    void TransferDone(TransferReport report);

    void Ended(string reason);
}
