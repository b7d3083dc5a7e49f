using System.Net.Sockets;
using System.Security.Cryptography;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class AbortTests
{
    [Theory]
    [InlineData(DataMode.Pasv)]
    [InlineData(DataMode.Port)]
    public async Task Abor_WithTelnetSynchAsUrgentData_StopsTheTransfer_AndRelays426Then226(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["big.bin"] = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        scenario.Server.Files["small"] = [1, 2, 3];
        await using var client = await scenario.ConnectAndLoginAsync();

        var (data, head) = await client.StartDownloadAsync(mode, "RETR big.bin", headBytes: 64 * 1024);
        using var ownedData = data;
        head.Should().HaveCount(64 * 1024);

        // What netkit ftp sends: IAC IP IAC as urgent data, then DM ABOR CRLF.
        await client.SendRawAsync([0xFF, 0xF4, 0xFF], SocketFlags.OutOfBand);
        await client.SendRawAsync([0xF2, (byte)'A', (byte)'B', (byte)'O', (byte)'R', (byte)'\r', (byte)'\n']);

        (await client.ReadReplyAsync()).Code.Should().Be(426);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        scenario.Server.ReceivedCommands.Should().Contain("ABOR");

        var next = await client.DownloadAsync(DataMode.Epsv, "RETR small");
        next.Data.Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData(DataMode.Epsv, false)]
    [InlineData(DataMode.Port, false)]
    [InlineData(DataMode.Epsv, true)] // curl -r 0-99: it reads what it wants, closes the data connection, then sends ABOR
    public async Task Abor_ReachesTheServerWhileItsDataConnectionStillRuns(DataMode mode, bool clientClosesItsDataConnectionFirst)
    {
        // As it does from a client. pure-ftpd, its data connection reset first, ends the transfer
        // with a last line coded 150 and never answers the ABOR that follows: the session hung.
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["big.bin"] = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        await using var client = await scenario.ConnectAndLoginAsync();
        var (data, _) = await client.StartDownloadAsync(mode, "RETR big.bin", headBytes: 64 * 1024);
        using var ownedData = data;
        if (clientClosesItsDataConnectionFirst)
        {
            data.Dispose();
        }

        await client.SendAsync("ABOR");

        (await client.ReadReplyAsync()).Code.Should().Be(426);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        scenario.Server.AbortsAfterTheDataConnectionEnded.Should().Be(0);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task ClientClosesItsDataConnection_WithoutAbor_GetsTheServersAnswerSoon()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["big.bin"] = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        await using var client = await scenario.ConnectAndLoginAsync();
        var (data, _) = await client.StartDownloadAsync(DataMode.Epsv, "RETR big.bin", headBytes: 64 * 1024);
        data.Dispose();

        // The server's side is kept a moment for an ABOR, then let go: the server's failure is the answer.
        (await client.ReadReplyAsync(TimeSpan.FromSeconds(10))).Code.Should().Be(426);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task Abor_FollowedByPipelinedCommands_AsLftpSendsThem_IsAnsweredInOrder()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["big.bin"] = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        await using var client = await scenario.ConnectAndLoginAsync();
        var (data, _) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 64 * 1024);
        using var ownedData = data;

        // lftp writes ABOR and the next commands in one go, without waiting for any reply.
        await client.SendRawAsync("ABOR\r\nTYPE A\r\nPASV\r\nLIST\r\n"u8.ToArray());

        (await client.ReadReplyAsync()).Code.Should().Be(426);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        (await client.ReadReplyAsync()).Code.Should().Be(200);
        var pasv = await client.ReadReplyAsync();
        pasv.Code.Should().Be(227);
        using var listing = await PreparedData.Passive(client.ParsePassiveReply(pasv)).OpenAsync();
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        System.Text.Encoding.ASCII.GetString(await ScriptedFtpClient.ReadToEndAsync(listing)).Should().Contain("big.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(226);
    }

    [Fact]
    public async Task Abor_WithNoTransfer_IsRelayed()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.CommandAsync("ABOR")).Code.Should().Be(226);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task ClientDataConnectionDroppedMidTransfer_GivesAnErrorReply_AndTheSessionGoesOn()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["big.bin"] = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        scenario.Server.Files["small"] = [9];
        await using var client = await scenario.ConnectAndLoginAsync();

        var (data, _) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 1024);
        data.LingerState = new LingerOption(true, 0);
        data.Dispose();

        (await client.ReadReplyAsync()).Code.Should().BeOneOf(425, 426);
        (await client.DownloadAsync(DataMode.Pasv, "RETR small")).Data.Should().Equal(9);
    }
}
