using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Networking;

/// <summary>Listening sockets for data connections, and accepting only from the expected peer.</summary>
internal static class DataListener
{
    /// <summary>Binds a listener on <paramref name="address"/>, on a random port of <paramref name="range"/> or an ephemeral one.</summary>
    public static Socket? TryOpen(IPAddress address, PortRange? range)
    {
        address = address.Unmapped();

        if (range is null)
        {
            return TryBind(new IPEndPoint(address, 0));
        }

        // SECURITY: random ports inside the range; sequential ports make data-connection theft easy.
        var attempts = Math.Min(range.Count, 64);
        for (var i = 0; i < attempts; i++)
        {
            var port = Random.Shared.Next(range.Min, range.Max + 1);
            if (TryBind(new IPEndPoint(address, port)) is { } socket)
            {
                return socket;
            }
        }

        // A crowded range: walk it once from a random start before giving up.
        var start = Random.Shared.Next(range.Count);
        for (var i = 0; i < range.Count; i++)
        {
            if (TryBind(new IPEndPoint(address, range.Min + ((start + i) % range.Count))) is { } socket)
            {
                return socket;
            }
        }

        return null;
    }

    /// <summary>
    /// Accepts the connections waiting on <paramref name="listener"/> until one comes from
    /// <paramref name="expectedPeer"/>; any other is closed and reported through <paramref name="onStranger"/>.
    /// Null when none is waiting (yet). The accepted socket is non-blocking, like the listener.
    /// </summary>
    public static Socket? TryAcceptFrom(Socket listener, IPAddress expectedPeer, Action<EndPoint?> onStranger)
    {
        var expected = expectedPeer.Unmapped();
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = listener.Accept();
            }
            catch (SocketException)
            {
                // Nothing waiting (EAGAIN), or the connection was reset before we took it.
                return null;
            }

            // SECURITY: data-connection theft. Only the peer of the control connection may use this port.
            if ((accepted.RemoteEndPoint as IPEndPoint)?.Address.Unmapped() is { } peer && peer.Equals(expected))
            {
                accepted.Blocking = false;
                return accepted;
            }

            onStranger(accepted.RemoteEndPoint);
            accepted.Dispose();
        }
    }

    private static Socket? TryBind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(4);
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
