using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>The session's connection to the server: resolve, then connect with a deadline, one address after another.</summary>
internal static class TcpConnector
{
    /// <summary>
    /// Resolves <paramref name="host"/> and connects to the first address that answers, blocking the
    /// session's thread: before the server is reached there is nothing else for a session to do.
    /// </summary>
    public static ConnectResult Connect(string host, int port, TimeSpan timeout)
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
                addresses = Dns.GetHostAddresses(host);
            }
            catch (SocketException e)
            {
                return ConnectResult.Failed($"cannot resolve {host}: {e.SocketErrorCode}");
            }
        }

        var last = ConnectResult.Failed($"no address for {host}");
        var poller = new Poller();
        foreach (var address in addresses)
        {
            using var pending = PendingConnection.Start(new IPEndPoint(address, port), timeout);
            var outcome = pending.TryComplete(writable: false);
            while (outcome is null)
            {
                poller.Clear();
                var slot = poller.WatchWritable(pending.Socket);
                poller.Wait(pending.Deadline);
                outcome = pending.TryComplete(poller.IsReady(slot));
            }

            last = outcome.Value;
            if (last.Succeeded)
            {
                return last;
            }
        }

        return last;
    }
}
