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
    /// Accepts the first connection that comes from <paramref name="expectedPeer"/>; any other is
    /// closed and reported through <paramref name="onStranger"/>. Null when the deadline passes.
    /// </summary>
    public static async Task<Socket?> AcceptFromAsync(
        Socket listener, IPAddress expectedPeer, TimeSpan timeout, Action<EndPoint?> onStranger, CancellationToken cancellationToken)
    {
        var expected = expectedPeer.Unmapped();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketException)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }

            // SECURITY: data-connection theft. Only the peer of the control connection may use this port.
            if ((accepted.RemoteEndPoint as IPEndPoint)?.Address.Unmapped() is { } peer && peer.Equals(expected))
            {
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
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
