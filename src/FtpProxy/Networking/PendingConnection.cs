using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>
/// A non-blocking connect in progress: the session's loop watches <see cref="Socket"/> for
/// writability and then asks for the outcome. Refusals and timeouts are values, not exceptions.
/// </summary>
internal sealed class PendingConnection : IDisposable
{
    private Socket? _socket;
    private ConnectResult? _outcome;

    private PendingConnection(Socket socket, long deadline)
    {
        _socket = socket;
        Deadline = deadline;
    }

    /// <summary>The socket to watch for writability while the connect is in progress.</summary>
    public Socket Socket => _socket ?? throw new ObjectDisposedException(nameof(PendingConnection));

    /// <summary>When the attempt times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; }

    /// <summary>Already decided when the kernel answered at once (a refusal on loopback, say).</summary>
    public bool IsDecided => _outcome is not null;

    public static PendingConnection Start(IPEndPoint target, TimeSpan timeout)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        var pending = new PendingConnection(socket, Poller.DeadlineAfter(timeout));
        try
        {
            socket.Connect(target);
            pending._outcome = pending.Take();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // The usual case: the handshake is under way.
        }
        catch (SocketException e)
        {
            pending._outcome = pending.Fail(e.SocketErrorCode.ToString());
        }

        return pending;
    }

    /// <summary>
    /// The outcome once the socket was reported writable or the deadline passed; null while the
    /// handshake is still under way. The connected socket is handed over in non-blocking mode.
    /// </summary>
    public ConnectResult? TryComplete(bool writable)
    {
        if (_outcome is { } decided)
        {
            return decided;
        }

        if (writable)
        {
            // SO_ERROR tells how the handshake ended. (.NET records the connect as finished by itself,
            // on the first RemoteEndPoint or LocalEndPoint.)
            var error = (SocketError)(int)Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            _outcome = error == SocketError.Success ? Take() : Fail(error.ToString());
        }
        else if (Environment.TickCount64 >= Deadline)
        {
            _outcome = Fail("timed out");
        }

        return _outcome;
    }

    /// <summary>Abandons an attempt still in progress; a socket already handed over is not touched.</summary>
    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private ConnectResult Take()
    {
        var socket = Socket;
        _socket = null;
        return new ConnectResult(socket, string.Empty);
    }

    private ConnectResult Fail(string error)
    {
        Dispose();
        return ConnectResult.Failed(error);
    }
}
