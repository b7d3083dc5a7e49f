using System.Net;
using System.Net.Sockets;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class SecurityTests
{
    [Theory]
    [InlineData("PORT 10,0,0,1,31,144")]          // another host: FTP bounce
    [InlineData("PORT 127,0,0,1,0,25")]           // a privileged port (25, SMTP)
    [InlineData("EPRT |1|10.0.0.1|8080|")]
    [InlineData("EPRT |1|127.0.0.1|80|")]
    [InlineData("EPRT |2|::1|8080|")]             // not the client's address family
    public async Task BouncePort_IsRefused_AndNothingIsSentUpstream(string command)
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();
        var before = scenario.Server.ReceivedCommands.Count;

        var reply = await client.CommandAsync(command);

        reply.Code.Should().BeOneOf(500, 501, 522); // 522: an address of the other family (RFC 2428)
        scenario.Server.ReceivedCommands.Count.Should().Be(before, "a refused PORT must not cause any upstream traffic");
        (await client.CommandAsync("NOOP")).Code.Should().Be(200, "the session goes on");
    }

    [Theory]
    [InlineData("PORT 1,2,3")]
    [InlineData("PORT 127,0,0,1,300,1")]
    [InlineData("PORT a,b,c,d,e,f")]
    [InlineData("EPRT |9|127.0.0.1|5000|")]
    [InlineData("EPRT garbage")]
    [InlineData("EPSV 7")]
    [InlineData("LPRT 4,4,127,0,0,1,2,19,136")]
    public async Task MalformedDataCommands_GetAnErrorReply(string command)
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        var reply = await client.CommandAsync(command);

        reply.Code.Should().BeInRange(500, 599);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task PassivePort_RefusesAConnectionFromAnotherAddress_ThenServesTheClient()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["f"] = [5, 6];
        await using var client = await scenario.ConnectAndLoginAsync();

        var prepared = await client.PrepareDataAsync(DataMode.Pasv);
        using var thief = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        thief.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await thief.ConnectAsync(prepared.PassiveTarget!).WaitAsync(TestDeadline.Default);
        await client.SendAsync("RETR f");
        (await client.ReadReplyAsync()).Code.Should().Be(150);

        (await ScriptedFtpClient.ReadToEndAsync(thief)).Should().BeEmpty("the thief is closed without data");
        using var data = await prepared.OpenAsync();
        (await ScriptedFtpClient.ReadToEndAsync(data)).Should().Equal(5, 6);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        scenario.Proxy.Log.Contains("SECURITY").Should().BeTrue();
    }

    [Fact]
    public async Task PassivePorts_AreTakenFromTheConfiguredRange()
    {
        var low = 20000 + Random.Shared.Next(0, 20000);
        await using var scenario = ProxyScenario.Start(configure: s => s with { PassivePorts = new Configuration.PortRange(low, low + 50) });
        await using var client = await scenario.ConnectAndLoginAsync();

        var prepared = await client.PrepareDataAsync(DataMode.Epsv);

        prepared.PassiveTarget!.Port.Should().BeInRange(low, low + 50);
    }

    [Fact]
    public async Task PassiveAddress_IsAdvertisedIn227()
    {
        await using var scenario = ProxyScenario.Start(configure: s => s with { PassiveAddress = IPAddress.Parse("192.0.2.10") });
        await using var client = await scenario.ConnectAndLoginAsync();

        var reply = await client.CommandAsync("PASV");

        reply.Code.Should().Be(227);
        reply.Text.Should().Contain("192,0,2,10,");
    }

    [Fact]
    public async Task EpsvAll_RefusesOtherDataCommands_ButEpsvStillWorks()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["f"] = [3];
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.CommandAsync("EPSV ALL")).Code.Should().Be(200);
        (await client.CommandAsync("PASV")).Code.Should().Be(503);
        (await client.CommandAsync("PORT 127,0,0,1,200,1")).Code.Should().Be(503);

        (await client.DownloadAsync(DataMode.Epsv, "RETR f")).Data.Should().Equal(3);
        scenario.Server.ReceivedCommands.Should().NotContain("EPSV ALL", "the proxy keeps PASV fallback possible upstream");
    }

    [Fact]
    public async Task ServerFloodingRepliesWhileA226IsHeld_IsNotReadFurther_SoTheSessionsMemoryStaysBounded()
    {
        // The 226 waits for the data connection to finish; a hostile server that never finishes it and
        // keeps writing replies must meet TCP backpressure, not a queue in the proxy that grows without end.
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { FloodRepliesBeforeDataClose = true });
        scenario.Server.Files["f"] = [1, 2, 3];
        await using var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(DataMode.Pasv);
        await client.SendAsync("RETR f");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();

        (await TestDeadline.UntilAsync(() => scenario.Server.FloodEnded, TimeSpan.FromSeconds(90))).Should().BeTrue();
        scenario.Server.FloodStalled.Should().BeTrue($"the proxy must stop reading before {FakeFtpServer.FloodLimitBytes} bytes of replies");
        scenario.Server.FloodBytesWritten.Should().BeLessThan(
            KernelBufferBound(), "no more than the kernel's socket buffers may be taken: the server's send buffer, the proxy's receive buffer it no longer reads");
        (await ScriptedFtpClient.ReadToEndAsync(data)).Should().Equal(1, 2, 3);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
    }

    /// <summary>
    /// The most loopback TCP can hold between a writer and a reader that stopped reading: the writer's
    /// largest send buffer (tcp_wmem max) and the reader's receive buffer, which does not grow while
    /// nobody reads (tcp_rmem default), with 1 MiB to spare.
    /// </summary>
    private static long KernelBufferBound()
    {
        static long Field(string file, int index) =>
            long.Parse(File.ReadAllText($"/proc/sys/net/ipv4/{file}").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[index], System.Globalization.CultureInfo.InvariantCulture);

        return Field("tcp_wmem", 2) + Field("tcp_rmem", 1) + (1024 * 1024);
    }
}
