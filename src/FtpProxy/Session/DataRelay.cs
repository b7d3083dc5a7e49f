using System.Net.Sockets;
using FtpProxy.Networking;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Session;

/// <summary>
/// Copies one non-blocking data connection into the other until end of file (stream mode: the close
/// is the end of the file), then closes the destination's sending side so its reader sees the same
/// end. Driven by the session's poll loop: it watches the source while its buffer is empty and the
/// destination while it holds bytes. Outcomes are values: a reset is a result, not an exception.
/// </summary>
internal sealed class DataRelay
{
    /// <summary>
    /// Bytes moved per wake-up at most, so a fast transfer cannot keep the loop from the control
    /// connections (an ABOR, a kick) for long.
    /// </summary>
    private const int MaxBytesPerTurn = 4 * 1024 * 1024;

    private readonly Socket _source;
    private readonly Socket _destination;
    private readonly byte[] _buffer;
    private readonly TimeSpan _idleTimeout;
    private int _start;
    private int _end;
    private int _slot = -1;
    private long _idleDeadline;

    /// <param name="buffer">Borrowed for the transfer; the session keeps one and reuses it.</param>
    public DataRelay(Socket source, Socket destination, byte[] buffer, TimeSpan idleTimeout)
    {
        _source = source;
        _destination = destination;
        _buffer = buffer;
        _idleTimeout = idleTimeout;
        Touch();
    }

    public long Bytes { get; private set; }

    /// <summary>Set when the transfer broke on the destination's side (its reader closed or reset the connection).</summary>
    public bool DestinationGone { get; private set; }

    /// <summary>When the transfer times out unless a byte moves before, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline => _idleDeadline;

    public void Watch(Poller poller) =>
        _slot = _start == _end ? poller.WatchReadable(_source) : poller.WatchWritable(_destination);

    /// <summary>Moves what it can without blocking; the outcome once the transfer is over, else null.</summary>
    public TransferOutcome? Advance(Poller poller)
    {
        if (!poller.IsReady(_slot))
        {
            return Environment.TickCount64 >= _idleDeadline ? TransferOutcome.TimedOut : null;
        }

        var moved = 0;
        while (moved < MaxBytesPerTurn)
        {
            if (_start == _end)
            {
                var read = _source.Receive(_buffer, SocketFlags.None, out var readError);
                if (readError == SocketError.WouldBlock)
                {
                    return null;
                }

                if (readError != SocketError.Success)
                {
                    return TransferOutcome.Broken;
                }

                if (read == 0)
                {
                    return EndOfFile();
                }

                (_start, _end) = (0, read);
                Touch();
            }

            var sent = _destination.Send(_buffer.AsSpan(_start, _end - _start), SocketFlags.None, out var writeError);
            if (writeError == SocketError.WouldBlock)
            {
                return null;
            }

            if (writeError != SocketError.Success)
            {
                DestinationGone = true;
                return TransferOutcome.Broken;
            }

            _start += sent;
            Bytes += sent;
            moved += sent;
            Touch();
        }

        return null;
    }

    /// <summary>The source's file has ended: the destination's reader is told so, unless it has reset the connection.</summary>
    private TransferOutcome EndOfFile()
    {
        if (SendingSide.TryEnd(_destination))
        {
            return TransferOutcome.Completed;
        }

        DestinationGone = true;
        return TransferOutcome.Broken;
    }

    // The idle deadline restarts on every read and every write.
    private void Touch() => _idleDeadline = Poller.DeadlineAfter(_idleTimeout);
}
