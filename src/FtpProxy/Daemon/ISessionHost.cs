using System.Net.Sockets;

namespace FtpProxy.Daemon;

/// <summary>Where accepted clients go. The daemon only accepts; a host runs the sessions.</summary>
internal interface ISessionHost : IAsyncDisposable
{
    int ActiveSessions { get; }

    /// <summary>Takes ownership of <paramref name="client"/> and starts its session.</summary>
    void Launch(Socket client, string sessionId);

    /// <summary>Completes when every session has ended.</summary>
    Task WhenAllEndedAsync(CancellationToken cancellationToken);

    /// <summary>Ends every session now; clients get a 421.</summary>
    void TerminateAll();
}
