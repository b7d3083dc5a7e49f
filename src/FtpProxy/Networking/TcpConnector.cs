using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>Outbound TCP connections with a deadline; refusals and timeouts are values, not exceptions.</summary>
internal static class TcpConnector
{
    public static async Task<ConnectResult> ConnectAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            return new ConnectResult(socket, string.Empty);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return ConnectResult.Failed(e.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return ConnectResult.Failed(cancellationToken.IsCancellationRequested ? "canceled" : "timed out");
        }
    }

    /// <summary>Resolves <paramref name="host"/> and connects to the first address that answers.</summary>
    public static async Task<ConnectResult> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException e)
            {
                return ConnectResult.Failed($"cannot resolve {host}: {e.SocketErrorCode}");
            }
        }

        var last = ConnectResult.Failed($"no address for {host}");
        foreach (var address in addresses)
        {
            last = await ConnectAsync(new IPEndPoint(address, port), timeout, cancellationToken);
            if (last.Succeeded)
            {
                return last;
            }
        }

        return last;
    }
}
