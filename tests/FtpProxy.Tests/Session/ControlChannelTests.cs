using System.Text;
using FtpProxy.Configuration;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class ControlChannelTests
{
    [Theory]
    [InlineData("AUTH TLS", 502)]
    [InlineData("AUTH SSL", 502)]
    [InlineData("PBSZ 0", 503)]
    [InlineData("PROT P", 503)]
    [InlineData("CCC", 502)]
    public async Task SecurityCommands_AreAnsweredByTheProxy_NeverForwarded(string command, int expected)
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAsync();

        (await client.CommandAsync(command)).Code.Should().Be(expected);
        await client.LoginAsync();

        scenario.Server.ReceivedCommands.Should().NotContain(c => c.StartsWith(command.Split(' ')[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("XSHA256 file.bin")]
    [InlineData("XMD5 file.bin")]
    [InlineData("MD5 file.bin")]
    public async Task ChecksumCommandsWithDigitsInTheirVerb_GoToTheServer(string command)
    {
        // WinSCP and others send these when FEAT advertises them (ProFTPD's mod_digest, Serv-U).
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAsync();
        await client.LoginAsync();

        var reply = await client.CommandAsync(command);

        scenario.Server.ReceivedCommands.Should().Contain(command);
        reply.Text.Should().Contain("not implemented", "the server's own answer is relayed");
    }

    [Fact]
    public async Task Feat_HidesTlsAndAdvertisesExtendedModes()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAsync();

        var feat = await client.CommandAsync("FEAT");

        feat.Code.Should().Be(211);
        feat.Lines.Should().NotContain(l => l.Contains("AUTH", StringComparison.Ordinal) || l.Contains("PBSZ", StringComparison.Ordinal) || l.Contains("PROT", StringComparison.Ordinal));
        feat.Lines.Should().Contain(" EPSV").And.Contain(" EPRT").And.Contain(" SIZE");
    }

    [Fact]
    public async Task PipelinedCommands_AreAnsweredInOrder()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("USER bob\r\nPASS pw\r\nSYST\r\nPWD\r\nFEAT\r\nNOOP\r\n"));

        var codes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await client.ReadReplyAsync()).Code);
        }

        codes.Should().Equal(331, 230, 215, 257, 211, 200);
    }

    [Fact]
    public async Task PipelinedPasvAndList_AreServedInOrder()
    {
        // lftp sends PASV and LIST without waiting for the 227.
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["x"] = [1];
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("PASV\r\nLIST\r\n"));
        var pasv = await client.ReadReplyAsync();
        pasv.Code.Should().Be(227);
        using var data = await PreparedData.Passive(client.ParsePassiveReply(pasv)).OpenAsync();
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        Encoding.ASCII.GetString(await ScriptedFtpClient.ReadToEndAsync(data)).Should().Contain(" x");
        (await client.ReadReplyAsync()).Code.Should().Be(226);
    }

    [Fact]
    public async Task Quit_Relays221_AndClosesTheConnection()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.CommandAsync("QUIT")).Code.Should().Be(221);

        (await client.WaitForCloseAsync()).Should().BeTrue();
        (await TestDeadline.UntilAsync(() => scenario.Proxy.ActiveSessions == 0)).Should().BeTrue();
    }

    [Fact]
    public async Task ClientClosingWithoutQuit_EndsTheSessionCleanly()
    {
        // wget closes without QUIT.
        await using var scenario = ProxyScenario.Start();
        var client = await scenario.ConnectAndLoginAsync();

        client.ShutdownSend();
        await client.DisposeAsync();

        (await TestDeadline.UntilAsync(() => scenario.Proxy.ActiveSessions == 0)).Should().BeTrue();
        (await TestDeadline.UntilAsync(() => scenario.Server.ReceivedVerb("QUIT"))).Should().BeTrue("the proxy says goodbye upstream");
    }

    [Fact]
    public async Task ClientReset_EndsTheSession()
    {
        await using var scenario = ProxyScenario.Start();
        var client = await scenario.ConnectAndLoginAsync();

        client.Reset();

        (await TestDeadline.UntilAsync(() => scenario.Proxy.ActiveSessions == 0)).Should().BeTrue();
    }

    [Fact]
    public async Task OverlongLine_Gets500_AndTheSessionGoesOn()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("NOOP " + new string('x', 100_000) + "\r\n"));

        (await client.ReadReplyAsync()).Code.Should().Be(500);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task NulByte_Gets500_AndIsNotForwarded()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.SendRawAsync("CWD a\0b\r\n"u8.ToArray());

        (await client.ReadReplyAsync()).Code.Should().Be(500);
        scenario.Server.ReceivedCommands.Should().NotContain(c => c.StartsWith("CWD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_Gets500_AndTheSessionGoesOn()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.SendRawAsync([0x01, 0x02, 0x80, 0x99, (byte)'\r', (byte)'\n']);

        (await client.ReadReplyAsync()).Code.Should().Be(500);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task UnknownCommands_AreRelayedVerbatim()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.CommandAsync("SITE CHMOD 644 my file.txt")).Code.Should().Be(502);

        scenario.Server.ReceivedCommands.Should().Contain("SITE CHMOD 644 my file.txt");
    }

    [Fact]
    public async Task Password_NeverReachesTheLog()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAsync();

        await client.LoginAsync("carol", "hunter2-very-secret");
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);
        await TestDeadline.UntilAsync(() => scenario.Proxy.ActiveSessions == 0);

        scenario.Proxy.Log.Contains("hunter2-very-secret").Should().BeFalse();
        scenario.Proxy.Log.Contains("PASS ****").Should().BeTrue();
        scenario.Proxy.Log.Contains("carol").Should().BeTrue("the user name is part of the session's log");
    }

    [Fact]
    public async Task IdleSession_Gets421AndIsClosed()
    {
        await using var scenario = StartWithOneSecondIdleTimeout();
        await using var client = await scenario.ConnectAndLoginAsync();

        await ExpectIdleTimeoutAsync(client, "the client sent nothing for the idle timeout");
    }

    [Fact]
    public async Task ServerThatNeverAnswersATransferCommand_StillGetsTheIdleTimeout()
    {
        await using var scenario = StartWithOneSecondIdleTimeout(new FakeServerQuirks { IgnoreTransferCommands = true });
        await using var client = await scenario.ConnectAndLoginAsync();
        await client.PrepareDataAsync(DataMode.Pasv);

        await client.SendAsync("LIST");

        await ExpectIdleTimeoutAsync(client, "a hung server must not hang the session");
    }

    [Fact]
    public async Task ServerThatNeverCompletesATransfer_StillGetsTheIdleTimeout()
    {
        await using var scenario = StartWithOneSecondIdleTimeout(new FakeServerQuirks { WithholdTransferCompletion = true });
        await using var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(DataMode.Pasv);
        await client.SendAsync("LIST");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using (var data = await prepared.OpenAsync())
        {
            await ScriptedFtpClient.ReadToEndAsync(data);
        }

        await ExpectIdleTimeoutAsync(client, "the data is done and the server silent: the session is idle");
    }

    [Fact]
    public async Task UpstreamDown_Gets421WithAReason_AndTheProxyKeepsServing()
    {
        var closedPort = FreeTcpPort.Find();
        await using var proxy = RunningProxy.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, closedPort));

        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint, readGreeting: false);
        var reply = await client.ReadReplyAsync();

        reply.Code.Should().Be(421);
        reply.Text.Should().Contain("cannot reach");
        (await client.WaitForCloseAsync()).Should().BeTrue();

        await using var second = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint, readGreeting: false);
        (await second.ReadReplyAsync()).Code.Should().Be(421, "the daemon goes on after a failed session");
    }

    [Fact]
    public async Task GreetingRefusedByTheServer_IsRelayedAndTheSessionCloses()
    {
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { GreetingRefusalCode = 421 });
        await using var client = await scenario.ConnectAsync(readGreeting: false);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await client.WaitForCloseAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task ASessionEndingWithClientInputUnread_EndsWithAnEndOfFile_NotAReset()
    {
        // Closing with unread input makes the kernel send a reset, which discards the final reply
        // still in the send queue (and Windows clients drop what they had received).
        await using var scenario = ProxyScenario.Start(
            new FakeServerQuirks { IgnoreTransferCommands = true },
            s => s with { IdleTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await scenario.ConnectAndLoginAsync();
        await client.PrepareDataAsync(DataMode.Pasv);
        await client.SendAsync("LIST"); // never answered: the session ends on its idle timer
        // Far more than the proxy queues (64 commands) and reads ahead: the rest stays in the kernel, unread.
        await client.SendRawAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("NOOP\r\n", 10_000))));

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await client.WaitForEndAsync()).Should().Be(ConnectionEnd.EndOfFile);
    }

    [Fact]
    public async Task ServerReplyLine_LongerThanAClientLineMayBe_IsRelayed_WhenItEchoesALegalCommand()
    {
        // A legal 4 KiB path full of quotes comes back doubled in the 257, well over 4 KiB.
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();
        var path = "/" + string.Concat(Enumerable.Repeat("a\"", 1500));

        var reply = await client.CommandAsync($"MKD {path}");

        reply.Code.Should().Be(257);
        reply.Text.Should().Contain(path.Replace("\"", "\"\"", StringComparison.Ordinal));
    }

    private static ProxyScenario StartWithOneSecondIdleTimeout(FakeServerQuirks? quirks = null) =>
        ProxyScenario.Start(quirks, s => s with { IdleTimeout = TimeSpan.FromSeconds(1) });

    /// <summary>The idle timeout's 421, then the proxy closes the control connection.</summary>
    private static async Task ExpectIdleTimeoutAsync(ScriptedFtpClient client, string because)
    {
        (await client.ReadReplyAsync()).Code.Should().Be(421, because);
        (await client.WaitForCloseAsync()).Should().BeTrue();
    }
}
