using System.Net;
using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Networking;

/// <summary>
/// A non-blocking connect in progress: the session's loop watches <see cref="Handle"/> for
/// writability and then asks for the outcome. Refusals and timeouts are values, not exceptions.
/// </summary>
internal sealed class PendingConnection : IDisposable
{
    private SafeSocketHandle? _handle;
    private ConnectResult? _outcome;

    private PendingConnection(long deadline)
    {
        Deadline = deadline;
    }

    /// <summary>The descriptor to watch for writability while the connect is in progress.</summary>
    public SafeSocketHandle Handle => _handle ?? throw new ObjectDisposedException(nameof(PendingConnection));

    /// <summary>When the attempt times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; }

    /// <summary>Already decided when the kernel answered at once (a refusal on loopback, say).</summary>
    public bool IsDecided => _outcome is not null;

    /// <param name="source">The local address to connect from; null lets the route choose.</param>
    public static PendingConnection Start(IPEndPoint target, TimeSpan timeout, IPAddress? source = null)
    {
        var pending = new PendingConnection(Poller.DeadlineAfter(timeout));
        var errno = NonBlockingConnect.Begin(target, source, out pending._handle);
        if (errno == 0)
        {
            pending._outcome = pending.Take();
        }
        else if (errno != NativeMethods.EInProgress)
        {
            pending._outcome = pending.Fail(NonBlockingConnect.Describe(errno));
        }

        // Otherwise the usual case: the handshake is under way.
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
            var errno = NonBlockingConnect.Outcome(Handle);
            _outcome = errno == 0 ? Take() : Fail(NonBlockingConnect.Describe(errno));
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
        _handle?.Dispose();
        _handle = null;
    }

    private ConnectResult Take()
    {
        var socket = NonBlockingConnect.ToSocket(Handle);
        _handle = null;
        return new ConnectResult(socket, string.Empty);
    }

    private ConnectResult Fail(string error)
    {
        Dispose();
        return ConnectResult.Failed(error);
    }
}
