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

    // The setters are full fences (Interlocked): a kick writes PendingTermination then reads Worker
    // while the hand-off writes Worker then reads PendingTermination, and one of them must see the other.

    /// <summary>The worker the client was handed to (cleared again if that worker dies before it takes the client).</summary>
    public WorkerProcess? Worker { get => Volatile.Read(ref _worker); set => Interlocked.Exchange(ref _worker, value); }

    /// <summary>
    /// A kick or shutdown of the session. Its worker is told too; this copy is for the hand-off, when
    /// it came before a worker took the client (the daemon answers the client itself then, and a
    /// worker not yet handed the client is let go unused).
    /// </summary>
    public HandoffMessage? PendingTermination { get => Volatile.Read(ref _pendingTermination); set => Interlocked.Exchange(ref _pendingTermination, value); }

    public int Pid => Worker?.Pid ?? 0;

    public string User { get; set; } = string.Empty;

    public string State { get; set; } = SessionStates.Starting;

    /// <summary>What `sessions list` shows: the finished transfers' bytes and the running one's so far.</summary>
    public long Bytes => FinishedTransferBytes + RunningTransferBytes;

    public long FinishedTransferBytes { get; set; }

    public long RunningTransferBytes { get; set; }

    public bool EndReported { get; set; }
}
