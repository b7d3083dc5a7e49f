using System.Net.Sockets;

namespace FtpProxy.Session;

/// <summary>
/// Where requests to end a session come from outside it (the daemon's kick or shutdown). The
/// session's own loop watches <see cref="Socket"/> and reads a request when it is readable.
/// </summary>
internal interface ITerminationSource
{
    Socket Socket { get; }

    /// <summary>
    /// Reads one message. False when the source is gone (the session carries on without it);
    /// otherwise <paramref name="request"/> is the request, or null for a message that asks nothing of the session.
    /// </summary>
    bool TryRead(out TerminationRequested? request);
}
