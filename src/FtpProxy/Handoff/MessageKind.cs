namespace FtpProxy.Handoff;

/// <summary>The first byte of every hand-off datagram. Values are wire format: never renumber.</summary>
internal enum MessageKind : byte
{
    StartSession = 1,
    Kick = 2,
    Shutdown = 3,
    WorkerReady = 4,
    SessionStarted = 5,
    LoggedIn = 6,
    TransferStarted = 7,
    TransferDone = 8,
    SessionEnded = 9,
    TransferProgress = 10,
}
