namespace FtpProxy.Handoff;

/// <summary>
/// Every message between the daemon and a worker, in one place. One message per SEQPACKET datagram,
/// encoded by <see cref="MessageCodec"/>; anything else is refused on arrival.
/// </summary>
internal abstract record HandoffMessage;

// Parent → worker.

/// <summary>Carries the client socket as SCM_RIGHTS, and the settings of its session.</summary>
internal sealed record StartSessionMessage(string SessionId, SessionSettingsMessage Settings) : HandoffMessage;

/// <summary>The administrator ends this session: the client gets 421.</summary>
internal sealed record KickMessage : HandoffMessage;

/// <summary>The daemon is stopping and the drain time is over: the client gets 421.</summary>
internal sealed record ShutdownMessage : HandoffMessage;

// Worker → parent.

/// <summary>Warmed up and waiting for a client.</summary>
internal sealed record WorkerReadyMessage(int Pid) : HandoffMessage;

/// <summary>The worker has the client: sent before anything else it does for it, and before it writes a byte to it.</summary>
internal sealed record SessionStartedMessage(string SessionId) : HandoffMessage;

internal sealed record LoggedInMessage(string User) : HandoffMessage;

internal sealed record TransferStartedMessage(string Command, string Path) : HandoffMessage;

/// <summary>The running transfer's bytes so far; its <see cref="TransferDoneMessage"/> replaces them with the total.</summary>
internal sealed record TransferProgressMessage(long Bytes) : HandoffMessage;

internal sealed record TransferDoneMessage(string Command, string Path, long Bytes, double Seconds, string Result) : HandoffMessage;

internal sealed record SessionEndedMessage(string Reason) : HandoffMessage;
