using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>
/// The session's connection to the server: resolve, then connect with a deadline, one address
/// after another. <see cref="Start"/> and <see cref="Complete"/> are apart so that the server's
/// accept and greeting overlap whatever the session still has to set up in between.
/// </summary>
internal sealed class TcpConnector : IDisposable
{
    private readonly IPAddress[] _addresses;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly Poller _poller = new();
    private int _next;
    private PendingConnection? _pending;
    private ConnectResult _last;

    /// <param name="noAddressError">The outcome if there is no address to try at all.</param>
    private TcpConnector(IPAddress[] addresses, int port, TimeSpan timeout, string noAddressError)
    {
        _addresses = addresses;
        _port = port;
        _timeout = timeout;
        _last = ConnectResult.Failed(noAddressError);
        StartNext();
    }

    /// <summary>Resolves <paramref name="host"/> (blocking, for a name) and starts connecting to its first address.</summary>
    public static TcpConnector Start(string host, int port, TimeSpan timeout)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return Start([literal], port, timeout);
        }

        try
        {
            return new TcpConnector(Dns.GetHostAddresses(host), port, timeout, $"no address for {host}");
        }
        catch (SocketException e)
        {
            return new TcpConnector([], port, timeout, $"cannot resolve {host}: {e.SocketErrorCode}");
        }
    }

    /// <summary>Starts connecting to the first of <paramref name="addresses"/>; the others are tried in turn if it fails.</summary>
    public static TcpConnector Start(IPAddress[] addresses, int port, TimeSpan timeout) =>
        new(addresses, port, timeout, "no address to connect to");

    /// <summary>
    /// Blocks the session's thread until an address answers or every one has failed: before the
    /// server is reached there is nothing else for a session to do. The socket is handed over.
    /// </summary>
    public ConnectResult Complete()
    {
        var decided = TryComplete(interruption: null, out var result);
        Debug.Assert(decided, "nothing can interrupt the wait");
        return result;
    }

    /// <summary>
    /// As <see cref="Complete"/>, but returns false as soon as <paramref name="interruption"/> (the
    /// daemon's channel: a kick, a shutdown) has something to read; the connect goes on if called again.
    /// </summary>
    public bool TryComplete(Socket? interruption, out ConnectResult result)
    {
        while (_pending is { } pending)
        {
            var outcome = pending.TryComplete(writable: false);
            while (outcome is null)
            {
                _poller.Clear();
                var slot = _poller.WatchWritable(pending.Handle);
                var interruptionSlot = interruption is null ? -1 : _poller.WatchReadable(interruption);
                _poller.Wait(pending.Deadline);
                if (_poller.IsReady(interruptionSlot))
                {
                    result = default;
                    return false;
                }

                outcome = pending.TryComplete(_poller.IsReady(slot));
            }

            _pending = null; // decided: its socket was handed over, or closed by the failure
            _last = outcome.Value;
            if (_last.Succeeded)
            {
                result = _last;
                return true;
            }

            StartNext();
        }

        result = _last;
        return true;
    }

    /// <summary>Abandons an attempt still in progress; a socket already handed over is not touched.</summary>
    public void Dispose()
    {
        _pending?.Dispose();
        _pending = null;
    }

    private void StartNext()
    {
        _pending = _next < _addresses.Length
            ? PendingConnection.Start(new IPEndPoint(_addresses[_next++], _port), _timeout)
            : null;
    }
}
