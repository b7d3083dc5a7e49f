using System.Net.Sockets;
using FtpProxy.Networking;
using FtpProxy.Protocol.Framing;

namespace FtpProxy.Session;

/// <summary>
/// One control connection (a non-blocking socket): the bytes read but not yet framed, and writes with a deadline.
/// It is read only when everything read before has been framed, so a peer that floods the proxy is
/// simply not read any further until the session catches up (bounded memory).
/// </summary>
internal sealed class ControlConnection
{
    private const int ReadBufferSize = 4096;

    private readonly byte[] _buffer = new byte[ReadBufferSize];
    private readonly LineFramer _framer;
    private TimeSpan _writeTimeout;
    private readonly Poller _writePoller = new();
    private readonly IWriteInterruption? _interruption;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _writeFailed;

    /// <param name="writeTimeout">How long a write may wait for a peer that does not read.</param>
    /// <param name="maxLineLength">Longest line framed; a longer one is reported as too long, never buffered whole.</param>
    /// <param name="interruption">Listened to while a write waits for room; null for nothing.</param>
    public ControlConnection(Socket socket, TimeSpan writeTimeout, int maxLineLength, bool rejectNul, IWriteInterruption? interruption = null)
    {
        _interruption = interruption;
        // Non-blocking whatever the descriptor's history (a socket handed over by the daemon keeps
        // the flags the daemon's async engine gave it): reads come only after poll, writes wait in poll.
        socket.Blocking = false;
        Socket = socket;
        _writeTimeout = writeTimeout;
        _framer = new LineFramer(maxLineLength, rejectNul);
    }

    public Socket Socket { get; }

    /// <summary>From now on a write waits at most <paramref name="timeout"/> for room: for the last words of a session that is ending anyway.</summary>
    public void LimitWriteWait(TimeSpan timeout)
    {
        if (timeout < _writeTimeout)
        {
            _writeTimeout = timeout;
        }
    }

    /// <summary>Everything read has been framed and the peer may send more: watch the socket for input.</summary>
    public bool WantsInput => !_endOfStream && _start == _end;

    /// <summary>The peer closed or reset the connection, and every byte it sent before has been framed.</summary>
    public bool HasEnded => _endOfStream && _start == _end;

    /// <summary>Reads what the peer sent; call only when poll reported the socket readable, so it does not block.</summary>
    public void ReadAvailable()
    {
        var read = Socket.Receive(_buffer, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            return;
        }

        if (error != SocketError.Success || read <= 0)
        {
            // End of stream, or a reset: the session sees both as a close.
            _endOfStream = true;
            return;
        }

        _start = 0;
        _end = read;
    }

    /// <summary>Stops reading for good (a peer that broke the protocol's bounds); what is buffered is dropped.</summary>
    public void StopReading()
    {
        _endOfStream = true;
        _start = _end;
    }

    /// <summary>The next line (or rejected line) in the bytes already read; false when they hold no complete line.</summary>
    public bool TryNextLine(out FrameStatus status, out string line)
    {
        while (_start < _end)
        {
            status = _framer.Read(_buffer.AsSpan(_start, _end - _start), out var consumed, out line);
            _start += consumed;
            if (status != FrameStatus.NeedMoreData)
            {
                return true;
            }
        }

        status = FrameStatus.NeedMoreData;
        line = string.Empty;
        return false;
    }

    /// <summary>
    /// Writes all of <paramref name="bytes"/>, waiting for room up to the write timeout (the session's
    /// one thread waits with it: a peer that stops reading stalls only its own session). A peer that
    /// went away or stopped reading is a false return, and so is every write after it (no second
    /// wait for the same peer). When the interruption says the session is ending, the wait is
    /// shortened to what it allows.
    /// </summary>
    public bool Write(ReadOnlySpan<byte> bytes, SocketFlags flags = SocketFlags.None)
    {
        if (_writeFailed)
        {
            return false;
        }

        _writeFailed = !TryWrite(bytes, flags);
        return !_writeFailed;
    }

    private bool TryWrite(ReadOnlySpan<byte> bytes, SocketFlags flags)
    {
        var deadline = Poller.DeadlineAfter(_writeTimeout);
        while (bytes.Length > 0)
        {
            var sent = Socket.Send(bytes, flags, out var error);
            if (error == SocketError.WouldBlock)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    return false;
                }

                _writePoller.Clear();
                _writePoller.WatchWritable(Socket);
                var interruptionSlot = _interruption?.Socket is { } watched ? _writePoller.WatchReadable(watched) : -1;
                _writePoller.Wait(deadline);
                if (_writePoller.IsReady(interruptionSlot) && _interruption!.OnReadable() is { } remaining)
                {
                    // The session is ending: a peer still reading gets the rest, one that is not gives up soon.
                    deadline = Math.Min(deadline, Poller.DeadlineAfter(remaining));
                }

                continue;
            }

            if (error != SocketError.Success || sent <= 0)
            {
                return false;
            }

            bytes = bytes[sent..];
        }

        return true;
    }
}
