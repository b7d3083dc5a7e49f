using System.Net;
using FtpProxy.Handoff;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Daemon;

/// <summary>The daemon's view of one live session, fed by its worker's reports.</summary>
internal sealed class SessionRecord(string id, IPEndPoint client)
{
    private WorkerProcess? _worker;
    private HandoffMessage? _pendingTermination;

    public string Id { get; } = id;

    public IPEndPoint Client { get; } = client;

    public IPAddress ClientAddress { get; } = client.Address.Unmapped();

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The worker serving the session, once the client has been handed to it.</summary>
    public WorkerProcess? Worker { get => Volatile.Read(ref _worker); set => Volatile.Write(ref _worker, value); }

    /// <summary>
    /// A kick or shutdown that came while the session still waited for a worker: carried out at the
    /// hand-off (the daemon answers the client itself, and the worker is let go unused).
    /// </summary>
    public HandoffMessage? PendingTermination { get => Volatile.Read(ref _pendingTermination); set => Volatile.Write(ref _pendingTermination, value); }

    public int Pid => Worker?.Pid ?? 0;

    public string User { get; set; } = string.Empty;

    public string State { get; set; } = SessionStates.Starting;

    public long Bytes { get; set; }

    public bool EndReported { get; set; }
}
