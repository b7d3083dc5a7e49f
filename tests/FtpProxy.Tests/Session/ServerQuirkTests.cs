using System.Net;
using System.Security.Cryptography;
using System.Text;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class ServerQuirkTests
{
    [Fact]
    public async Task MultilineGreeting_After120_ReachesTheClientWhole()
    {
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { MultilineGreeting = true, Greeting120First = true });
        await using var client = await scenario.ConnectAsync(readGreeting: false);

        (await client.ReadReplyAsync()).Code.Should().Be(120);
        var greeting = await client.ReadReplyAsync();

        greeting.Code.Should().Be(220);
        greeting.Lines.Should().HaveCount(3);
        greeting.Lines[1].Should().Be("220-You are user number 1");
        await client.LoginAsync();
    }

    [Fact]
    public async Task MultilineTransferComplete_And125_AreRelayedInOrder()
    {
        var quirks = new FakeServerQuirks { MultilineTransferComplete = true, TransferStartCode = 125 };
        await using var scenario = ProxyScenario.Start(quirks);
        scenario.Server.Files["f"] = Encoding.ASCII.GetBytes("data");
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(DataMode.Pasv, "RETR f");

        result.Preliminary.Code.Should().Be(125);
        result.Completion.Lines.Should().HaveCount(2);
        result.Completion.Code.Should().Be(226);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200, "the multi-line 226 must be consumed whole");
    }

    [Theory]
    [InlineData(false, "421 Service not available, the server closed the connection.")]
    [InlineData(true, "421 Server shutting down.")]
    public async Task ServerThatClosesItsControlConnectionMidDownload_StillDeliversEveryByte_ThenA421(bool announced, string finalReply)
    {
        var content = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { CloseControlDuringTransfer = true, Announce421BeforeClosing = announced });
        scenario.Server.Files["big"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(DataMode.Pasv, "RETR big");

        result.Data.AsSpan().SequenceEqual(content).Should().BeTrue("the server sent all of it ({0} of {1} bytes arrived)", result.Data.Length, content.Length);
        result.Completion.Lines.Should().Equal([finalReply], "no 226 will come from a server that has gone, and one 421 says so");
        (await client.WaitForCloseAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task ServerThatClosesItsControlConnectionMidUpload_StillGetsEveryByte_AndTheClientA421()
    {
        var content = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { CloseControlDuringTransfer = true });
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.UploadAsync(DataMode.Port, "STOR big", content);

        result.Completion.Code.Should().Be(421, "no 226 will come from a server that has gone");
        (await TestDeadline.UntilAsync(() => scenario.Server.Files.ContainsKey("big"))).Should().BeTrue();
        scenario.Server.Files["big"].AsSpan().SequenceEqual(content).Should().BeTrue("the server read on to the end ({0} of {1} bytes)", scenario.Server.Files["big"].Length, content.Length);
    }

    [Fact]
    public async Task EpsvRefused_FallsBackToPasv_AndRemembers()
    {
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { RefuseEpsv = true });
        scenario.Server.Files["f"] = [42];
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.DownloadAsync(DataMode.Port, "RETR f")).Data.Should().Equal(42);
        (await client.DownloadAsync(DataMode.Epsv, "RETR f")).Data.Should().Equal(42);

        scenario.Server.ReceivedCommands.Count(c => c == "EPSV").Should().Be(1, "the refusal is remembered for the session");
        scenario.Server.ReceivedCommands.Count(c => c == "PASV").Should().Be(2);
    }

    [Fact]
    public async Task PasvReplyWithoutParentheses_IsUnderstood()
    {
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { RefuseEpsv = true, PasvWithoutParentheses = true });
        scenario.Server.Files["f"] = [1, 2];
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.DownloadAsync(DataMode.Pasv, "RETR f")).Data.Should().Equal(1, 2);
    }

    [Fact]
    public async Task PasvReplyNamingAForeignAddress_IsIgnoredAndLogged()
    {
        // SECURITY: a server (behind NAT, or hostile) names another host; the proxy connects to the control address.
        var quirks = new FakeServerQuirks { RefuseEpsv = true, PasvAdvertisedAddress = IPAddress.Parse("10.99.0.1") };
        await using var scenario = ProxyScenario.Start(quirks);
        scenario.Server.Files["f"] = [7];
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.DownloadAsync(DataMode.Port, "RETR f")).Data.Should().Equal(7);

        scenario.Proxy.Log.Contains("10.99.0.1").Should().BeTrue("the foreign address is logged");
    }
}
