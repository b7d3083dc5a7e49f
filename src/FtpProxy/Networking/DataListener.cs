using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;

namespace FtpProxy.Networking;

/// <summary>Listening sockets for data connections, and accepting only from the expected peer.</summary>
internal static class DataListener
{
    /// <summary>Binds a listener on <paramref name="address"/>, on a random port of <paramref name="range"/> or an ephemeral one.</summary>
    public static Socket? TryOpen(IPAddress address, PortRange? range)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

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
        var expected = expectedPeer.IsIPv4MappedToIPv6 ? expectedPeer.MapToIPv4() : expectedPeer;
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

            var peer = (accepted.RemoteEndPoint as IPEndPoint)?.Address;
            var normalized = peer is { IsIPv4MappedToIPv6: true } ? peer.MapToIPv4() : peer;
            // SECURITY: data-connection theft. Only the peer of the control connection may use this port.
            if (normalized is not null && normalized.Equals(expected))
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
