using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

/// <summary>
/// The bytes of a command's argument and of a reply reach the other side exactly as sent, 0xFF
/// included. Clients disagree on Telnet: curl, netkit ftp and tnftp send a path's 0xFF as it is,
/// lftp doubles it; vsftpd takes bytes as they come, ProFTPD decodes Telnet. Only a proxy that
/// passes the bytes on leaves each pair behaving as it does directly. Both peers here are raw
/// sockets, so nothing in the test itself interprets a byte.
/// </summary>
public sealed class ByteTransparencyTests
{
    // "Пятница" in CP1251: я is 0xFF and т is 0xF2 (Telnet DM); a Latin-1 "ÿ" is 0xFF too.
    private static readonly byte[] Cp1251Friday = [0xCF, 0xFF, 0xF2, 0xED, 0xE8, 0xF6, 0xE0];

    public static TheoryData<byte[]> Paths => new()
    {
        Cp1251Friday,
        new byte[] { 0x61, 0xFF, 0xF4, 0x62 }, // IAC IP in the middle
        new byte[] { 0x61, 0xFF, 0xFF, 0x62 }, // as lftp writes one 0xFF
        new byte[] { 0x61, 0xFF, 0xFB, 0x01, 0x62 }, // IAC WILL x
        new byte[] { 0x61, 0xFF }, // a trailing 0xFF
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task PathBytes_ReachTheServer_AndTheServersReplyReachesTheClient_Unaltered(byte[] path)
    {
        await using var peers = await RawPeers.StartAsync();
        var (client, upstream) = (peers.Client, peers.Upstream);

        byte[] command = [.. Encoding.ASCII.GetBytes("MKD "), .. path, (byte)'\r', (byte)'\n'];
        await client.SendAsync(command, SocketFlags.None);
        (await ReadLineAsync(upstream)).Should().Equal(command, "the server must see the client's bytes");

        byte[] reply = [.. Encoding.ASCII.GetBytes("257 \"/"), .. path, .. Encoding.ASCII.GetBytes("\" created\r\n")];
        await upstream.SendAsync(reply, SocketFlags.None);
        (await ReadLineAsync(client)).Should().Equal(reply, "the client must see the server's bytes");
    }

    [Fact]
    public async Task ServerAnsweringATelnetNegotiation_BeforeItsReply_StillHasItsReplyRelayed()
    {
        // ProFTPD decodes Telnet: a path's 0xFF 0xFB (CP1251 "яы") is IAC WILL to it, and it answers
        // IAC DONT at once, taking the client's CR as the option byte, before its reply.
        await using var peers = await RawPeers.StartAsync();
        var (client, upstream) = (peers.Client, peers.Upstream);

        await client.SendAsync(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xFF, 0xFB, (byte)'\r', (byte)'\n' }, SocketFlags.None);
        await ReadLineAsync(upstream);
        byte[] negotiationThenReply = [0xFF, 0xFE, (byte)'\r', .. Encoding.ASCII.GetBytes("200 NOOP ok\r\n")];
        await upstream.SendAsync(negotiationThenReply, SocketFlags.None);

        (await ReadLineAsync(client)).Should().Equal(Encoding.ASCII.GetBytes("200 NOOP ok\r\n"));
    }

    /// <summary>Reads up to and including the next LF, a byte at a time (nothing read past it).</summary>
    private static async Task<byte[]> ReadLineAsync(Socket socket)
    {
        var line = new List<byte>();
        var one = new byte[1];
        using var deadline = new CancellationTokenSource(TestDeadline.Default);
        while (line.Count == 0 || line[^1] != (byte)'\n')
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, deadline.Token) == 0)
            {
                break;
            }

            line.Add(one[0]);
        }

        return [.. line];
    }

    /// <summary>A raw server, the proxy in front of it and a raw client, past the greeting: nothing in between interprets a byte.</summary>
    private sealed class RawPeers : IAsyncDisposable
    {
        private readonly Socket _server;
        private readonly RunningProxy _proxy;

        private RawPeers(Socket server, RunningProxy proxy, Socket client, Socket upstream)
        {
            _server = server;
            _proxy = proxy;
            Client = client;
            Upstream = upstream;
        }

        public Socket Client { get; }

        public Socket Upstream { get; }

        public static async Task<RawPeers> StartAsync()
        {
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            server.Listen(1);
            var proxy = RunningProxy.Start((IPEndPoint)server.LocalEndPoint!);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(proxy.EndPoint).WaitAsync(TestDeadline.Default);
            var upstream = await server.AcceptAsync().WaitAsync(TestDeadline.Default);
            var peers = new RawPeers(server, proxy, client, upstream);
            await upstream.SendAsync(Encoding.ASCII.GetBytes("220 raw\r\n"), SocketFlags.None);
            (await ReadLineAsync(client)).Should().Equal(Encoding.ASCII.GetBytes("220 raw\r\n"));
            return peers;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Upstream.Dispose();
            await _proxy.DisposeAsync();
            _server.Dispose();
        }
    }
}
