namespace FtpProxy.Handoff;

/// <summary>
/// Encodes and decodes hand-off messages; a malformed message is a false return.
/// </summary>
/// <remarks>
/// One datagram is one message: a <see cref="MessageKind"/> byte, then the record's fields in
/// declaration order, then nothing. A string is a big-endian u16 byte count and that many UTF-8
/// bytes (0xFFFF: null); numbers are big-endian, a double as its IEEE-754 bits. A hand-written
/// format rather than System.Text.Json because every worker process decodes these: loading the
/// JSON serializer cost each worker ~1.8 MiB of private memory (docs/benchmarks.md).
/// </remarks>
internal static class MessageCodec
{
    /// <summary>The length prefix that stands for a null string.</summary>
    public const ushort NullString = ushort.MaxValue;

    public static byte[] Encode(HandoffMessage message) => message switch
    {
        StartSessionMessage m => new MessageWriter(MessageKind.StartSession).String(m.SessionId)
            .String(m.Settings.Upstream).String(m.Settings.PassiveAddress).String(m.Settings.PassivePorts)
            .String(m.Settings.ActivePorts).String(m.Settings.UpstreamMode)
            .Int32(m.Settings.IdleTimeoutSeconds).Int32(m.Settings.DataSetupTimeoutSeconds).ToArray(),
        KickMessage => new MessageWriter(MessageKind.Kick).ToArray(),
        ShutdownMessage => new MessageWriter(MessageKind.Shutdown).ToArray(),
        WorkerReadyMessage m => new MessageWriter(MessageKind.WorkerReady).Int32(m.Pid).ToArray(),
        SessionStartedMessage m => new MessageWriter(MessageKind.SessionStarted).String(m.SessionId).ToArray(),
        LoggedInMessage m => new MessageWriter(MessageKind.LoggedIn).String(m.User).ToArray(),
        TransferStartedMessage m => new MessageWriter(MessageKind.TransferStarted).String(m.Command).String(m.Path).ToArray(),
        TransferProgressMessage m => new MessageWriter(MessageKind.TransferProgress).Int64(m.Bytes).ToArray(),
        TransferDoneMessage m => new MessageWriter(MessageKind.TransferDone).String(m.Command).String(m.Path)
            .Int64(m.Bytes).Double(m.Seconds).String(m.Result).ToArray(),
        SessionEndedMessage m => new MessageWriter(MessageKind.SessionEnded).String(m.Reason).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "not a hand-off message"),
    };

    /// <summary>SECURITY: the boundary where bytes from another process become a value; nothing here throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out HandoffMessage message)
    {
        message = null!;
        if (bytes.IsEmpty || bytes.Length > SeqPacketChannel.MaxMessageBytes)
        {
            return false;
        }

        var reader = new MessageReader(bytes[1..]);
        HandoffMessage? decoded = (MessageKind)bytes[0] switch
        {
            MessageKind.StartSession => ReadStartSession(ref reader),
            MessageKind.Kick => new KickMessage(),
            MessageKind.Shutdown => new ShutdownMessage(),
            MessageKind.WorkerReady => reader.TryReadInt32(out var pid) ? new WorkerReadyMessage(pid) : null,
            MessageKind.SessionStarted => reader.TryReadString(out var id) ? new SessionStartedMessage(id) : null,
            MessageKind.LoggedIn => reader.TryReadString(out var user) ? new LoggedInMessage(user) : null,
            MessageKind.TransferStarted => reader.TryReadString(out var command) && reader.TryReadString(out var path)
                ? new TransferStartedMessage(command, path) : null,
            MessageKind.TransferProgress => reader.TryReadInt64(out var soFar) ? new TransferProgressMessage(soFar) : null,
            MessageKind.TransferDone => ReadTransferDone(ref reader),
            MessageKind.SessionEnded => reader.TryReadString(out var reason) ? new SessionEndedMessage(reason) : null,
            _ => null,
        };
        if (decoded is null || !reader.AtEnd)
        {
            return false;
        }

        message = decoded;
        return true;
    }

    private static StartSessionMessage? ReadStartSession(ref MessageReader reader) =>
        reader.TryReadString(out var sessionId)
        && reader.TryReadString(out var upstream)
        && reader.TryReadNullableString(out var passiveAddress)
        && reader.TryReadNullableString(out var passivePorts)
        && reader.TryReadNullableString(out var activePorts)
        && reader.TryReadString(out var upstreamMode)
        && reader.TryReadInt32(out var idleTimeout)
        && reader.TryReadInt32(out var dataSetupTimeout)
            ? new StartSessionMessage(sessionId, new SessionSettingsMessage(upstream, passiveAddress, passivePorts, activePorts, upstreamMode, idleTimeout, dataSetupTimeout))
            : null;

    private static TransferDoneMessage? ReadTransferDone(ref MessageReader reader) =>
        reader.TryReadString(out var command)
        && reader.TryReadString(out var path)
        && reader.TryReadInt64(out var bytes)
        && reader.TryReadDouble(out var seconds)
        && reader.TryReadString(out var result)
            ? new TransferDoneMessage(command, path, bytes, seconds, result)
            : null;
}
