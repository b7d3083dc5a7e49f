using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

/// <summary>
/// A client that stops talking (closes or half-closes its control connection) while work is still
/// in flight: a server would finish that work, so the proxy must too. And a transfer the proxy
/// cannot finish must not look finished to the side that receives it.
/// </summary>
public sealed class ClientLeavingTests
{
    [Theory]
    [InlineData(DataMode.Pasv)]
    [InlineData(DataMode.Port)]
    public async Task ClientClosingControlDuringAnUpload_TheServerStillGetsEveryByte(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(mode);
        await client.SendAsync("STOR whole.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();

        // As a client that queues QUIT and closes its control connection halfway through the data.
        var half = content.Length / 2;
        await data.SendAsync(content.AsMemory(0, half), SocketFlags.None).AsTask().WaitAsync(TestDeadline.Default);
        await client.SendAsync("QUIT");
        await client.DisposeAsync();
        (await TestDeadline.UntilAsync(() => scenario.Proxy.Log.RenderedWithProperties()
            .Any(line => line.Contains("client closed the connection", StringComparison.OrdinalIgnoreCase)))).Should().BeTrue();
        await data.SendAsync(content.AsMemory(half), SocketFlags.None).AsTask().WaitAsync(TestDeadline.Default);
        data.Shutdown(SocketShutdown.Send);

        (await TestDeadline.UntilAsync(() => scenario.Server.Files.ContainsKey("whole.bin"))).Should().BeTrue();
        scenario.Server.Files["whole.bin"].Should().Equal(content);
        (await TestDeadline.UntilAsync(() => scenario.Proxy.ActiveSessions == 0)).Should().BeTrue();
    }

    [Fact]
    public async Task ClientHalfClosingDuringAnUpload_StillGetsThe226AndThe221()
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(1024 * 1024);
        await using var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(DataMode.Epsv);
        await client.SendAsync("STOR half.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();

        await client.SendAsync("QUIT");
        client.ShutdownSend();
        await data.SendAsync(content, SocketFlags.None).WaitAsync(TestDeadline.Default);
        data.Shutdown(SocketShutdown.Send);

        (await client.ReadReplyAsync()).Code.Should().Be(226);
        (await client.ReadReplyAsync()).Code.Should().Be(221);
        scenario.Server.Files["half.bin"].Should().Equal(content);
    }

    [Fact]
    public async Task PipelinedCommandsThenHalfClose_EveryCommandIsServedAndAnswered()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("NOOP\r\nNOOP\r\nSYST\r\nNOOP\r\nSYST\r\nQUIT\r\n"));
        client.ShutdownSend();

        var codes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await client.ReadReplyAsync()).Code);
        }

        codes.Should().Equal(200, 200, 215, 200, 215, 221);
        (await client.WaitForCloseAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task ClientResettingItsUploadDataConnection_TheServerSeesABrokenTransferNotAFinishedFile()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(DataMode.Pasv);
        await client.SendAsync("STOR partial.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        var data = await prepared.OpenAsync();

        await data.SendAsync(RandomNumberGenerator.GetBytes(64 * 1024), SocketFlags.None).WaitAsync(TestDeadline.Default);
        data.LingerState = new LingerOption(true, 0);
        data.Dispose();

        (await client.ReadReplyAsync()).Code.Should().BeGreaterThanOrEqualTo(400);
        scenario.Server.Files.Should().NotContainKey("partial.bin", "a reset upload must reach the server as a reset, not as the end of the file");
    }

    [Fact]
    public async Task SessionEndingAfterStorWasSent_ButBeforeTheServerAnswered_ResetsTheServersDataConnection()
    {
        // The server has the STOR and the data connection: an end of file there would be an empty upload, complete.
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(1);
        using var dataListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        dataListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        dataListener.Listen(1);
        await using var proxy = RunningProxy.Start((IPEndPoint)server.LocalEndPoint!, s => s with { IdleTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint, readGreeting: false);
        using var upstream = await server.AcceptAsync().WaitAsync(TestDeadline.Default);
        var serverLines = new TelnetLineReader(upstream);
        using var deadline = new CancellationTokenSource(TestDeadline.Default);
        await upstream.SendAsync(Encoding.ASCII.GetBytes("220 raw\r\n"), SocketFlags.None);
        (await client.ReadReplyAsync()).Code.Should().Be(220);

        await client.SendAsync("PASV");
        (await serverLines.ReadLineAsync(deadline.Token)).Should().Be("EPSV");
        await upstream.SendAsync(Encoding.ASCII.GetBytes($"229 Entering Extended Passive Mode (|||{((IPEndPoint)dataListener.LocalEndPoint!).Port}|)\r\n"), SocketFlags.None);
        using var data = await dataListener.AcceptAsync().WaitAsync(TestDeadline.Default);
        (await client.ReadReplyAsync()).Code.Should().Be(227);
        await client.SendAsync("STOR empty.bin");
        (await serverLines.ReadLineAsync(deadline.Token)).Should().Be("STOR empty.bin");

        (await client.ReadReplyAsync()).Code.Should().Be(421, "the idle timeout ends the session before the server answers");
        var ending = async () => await data.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(TestDeadline.Default);
        (await ending.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionReset);
    }
}
