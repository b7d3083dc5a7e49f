using System.Net;
using System.Net.Sockets;
using Serilog;

namespace FtpProxy.Daemon;

/// <summary>The accept loop. It parses nothing: every accepted socket goes to the session host.</summary>
internal sealed class ProxyListener : IDisposable
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly ISessionHost _host;
    private readonly ILogger _log;

    private ProxyListener(Socket socket, ISessionHost host, ILogger log)
    {
        _socket = socket;
        _host = host;
        _log = log;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binds and listens; a taken or forbidden address is an error value.</summary>
    public static ProxyListener? TryStart(IPEndPoint endPoint, ISessionHost host, ILogger log, out string error)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(512);
            error = string.Empty;
            return new ProxyListener(socket, host, log);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
            return null;
        }
    }

    public async Task AcceptLoopAsync(CancellationToken stopAccepting)
    {
        while (!stopAccepting.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopAccepting);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: log, give the system a moment, keep the daemon alive.
                _log.Warning("Accept failed: {Error}", e.SocketErrorCode);
                await Task.Delay(AcceptRetryDelay, stopAccepting).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            _host.Launch(client, SessionIds.New());
        }
    }

    public void Dispose() => _socket.Dispose();
}
