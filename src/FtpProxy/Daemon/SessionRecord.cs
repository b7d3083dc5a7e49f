using System.Net;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Daemon;

/// <summary>The daemon's view of one live session, fed by its worker's reports.</summary>
internal sealed class SessionRecord(string id, IPEndPoint client)
{
    public string Id { get; } = id;

    public IPEndPoint Client { get; } = client;

    public IPAddress ClientAddress { get; } = client.Address.Unmapped();

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public WorkerProcess? Worker { get; set; }

    public int Pid => Worker?.Pid ?? 0;

    public string User { get; set; } = string.Empty;

    public string State { get; set; } = SessionStates.Starting;

    public long Bytes { get; set; }

    public bool EndReported { get; set; }
}
