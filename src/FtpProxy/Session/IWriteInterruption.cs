using System.Net.Sockets;

namespace FtpProxy.Session;

/// <summary>
/// What a control write that waits for room also listens to: a session told to end (kick, shutdown)
/// must not wait out a peer that stopped reading for up to the idle timeout.
/// </summary>
internal interface IWriteInterruption
{
    /// <summary>The socket to watch while a write waits; null for none (now).</summary>
    Socket? Socket { get; }

    /// <summary>
    /// Called when <see cref="Socket"/> turned readable: reads what arrived. Null to carry on as
    /// before; else the session is ending and the write may wait only that much longer.
    /// </summary>
    TimeSpan? OnReadable();
}
