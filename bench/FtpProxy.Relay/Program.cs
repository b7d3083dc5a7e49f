using System.Net;
using System.Net.Sockets;

// A reference for the benchmark, not a product: the least a .NET program can do to sit in front of
// an FTP server. One long-lived process relays each control connection byte for byte with async
// sockets, as haproxy does; it parses nothing and leaves the data connections alone (on loopback
// the client reaches the server's passive port directly). Usage: FtpProxy.Relay LISTEN UPSTREAM.
var listen = IPEndPoint.Parse(args[0]);
var upstream = IPEndPoint.Parse(args[1]);
using var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(listen);
listener.Listen(512);
while (true)
{
    var client = await listener.AcceptAsync();
    _ = RelayAsync(client, upstream);
}

static async Task RelayAsync(Socket client, IPEndPoint upstream)
{
    using (client)
    using (var server = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
    {
        try
        {
            await server.ConnectAsync(upstream);
            client.NoDelay = true;
            server.NoDelay = true;
            await Task.WhenAll(CopyAsync(server, client), CopyAsync(client, server));
        }
        catch (SocketException)
        {
            // The server refused or a peer reset: the relay just closes both sides.
        }
    }
}

static async Task CopyAsync(Socket from, Socket to)
{
    var buffer = new byte[4096];
    try
    {
        int read;
        while ((read = await from.ReceiveAsync(buffer)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read));
        }

        to.Shutdown(SocketShutdown.Send);
    }
    catch (SocketException)
    {
        // A reset ends this direction; the other ends on its own.
    }
}
