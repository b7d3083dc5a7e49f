using System.Net;
using System.Security.Cryptography;
using System.Text;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class TransferTests
{
    public static TheoryData<DataMode> AllModes => new() { DataMode.Port, DataMode.Eprt, DataMode.Pasv, DataMode.Epsv };

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task List_InEveryMode_RelaysTheListingAndThe226(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["readme.txt"] = Encoding.ASCII.GetBytes("hello");
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(mode, "LIST");

        Encoding.Latin1.GetString(result.Data).Should().Contain("readme.txt");
        result.Completion.Code.Should().Be(226);
        scenario.Server.ReceivedVerb("PORT").Should().BeFalse("the server must only ever see passive mode");
        scenario.Server.ReceivedVerb("EPRT").Should().BeFalse();
    }

    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Eprt)]
    public async Task ActiveMode_TheDataConnectionComesFromTheAddressTheClientConnectedTo(DataMode mode)
    {
        // On a host with several addresses (a service address, say) the route to the client may
        // choose another source; clients and their firewalls expect the server's address, as
        // vsftpd and ProFTPD bind it. On loopback: the proxy listens on 127.0.0.2, the route says 127.0.0.1.
        await using var server = new FakeFtpServer();
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.Parse("127.0.0.2"));
        server.Files["f"] = [1, 2, 3];
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint, localAddress: IPAddress.Loopback);
        await client.LoginAsync();

        var (data, _) = await client.StartDownloadAsync(mode, "RETR f", headBytes: 0);

        using (data)
        {
            ((IPEndPoint)data.RemoteEndPoint!).Address.Should().Be(IPAddress.Parse("127.0.0.2"));
        }
    }

    [Theory]
    [InlineData(DataMode.Pasv)]
    [InlineData(DataMode.Port)]
    public async Task TransferRefusedBeforeItStarts_LeavesTheDataSetupForTheNext_AsTheServerDoes(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = Encoding.ASCII.GetBytes("second try");
        scenario.Server.Files["there.txt"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();
        var prepared = await client.PrepareDataAsync(mode);

        (await client.CommandAsync("RETR missing.txt")).Code.Should().Be(550);
        await client.SendAsync("RETR there.txt");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();

        (await ScriptedFtpClient.ReadToEndAsync(data)).Should().Equal(content);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
    }

    [Fact]
    public async Task TransferLog_OfAListWithoutPath_HasNoStraySpace()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.DownloadAsync(DataMode.Epsv, "LIST");

        (await TestDeadline.UntilAsync(() => scenario.Proxy.Log.Contains("Transfer \"LIST\": Completed"))).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task Retr_InEveryMode_DeliversTheExactBytes(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(300_000);
        scenario.Server.Files["file.bin"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(mode, "RETR file.bin");

        result.Data.Should().Equal(content);
        result.Completion.Code.Should().Be(226);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task Stor_InEveryMode_StoresTheExactBytes(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(300_000);
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.UploadAsync(mode, "STOR upload.bin", content);

        result.Completion.Code.Should().Be(226);
        scenario.Server.Files["upload.bin"].Should().Equal(content);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task Retr_OfAnEmptyFile_GivesZeroBytesAnd226(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["empty"] = [];
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(mode, "RETR empty");

        result.Data.Should().BeEmpty();
        result.Completion.Code.Should().Be(226);
    }

    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Pasv)]
    public async Task Retr_Of64MiB_IsByteIdentical(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        scenario.Server.Files["big.bin"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        var result = await client.DownloadAsync(mode, "RETR big.bin");

        SHA256.HashData(result.Data).Should().Equal(SHA256.HashData(content));
        result.Completion.Code.Should().Be(226);
    }

    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Epsv)]
    public async Task Rest_BeforeRetr_ResumesAtTheOffset(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(10_000);
        scenario.Server.Files["file.bin"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        var prepared = await client.PrepareDataAsync(mode);
        (await client.CommandAsync("REST 4000")).Code.Should().Be(350);
        await client.SendAsync("RETR file.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();
        var received = await ScriptedFtpClient.ReadToEndAsync(data);

        received.Should().Equal(content[4000..]);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
    }

    [Fact]
    public async Task ModeSwitches_WithinOneSession_AllWork()
    {
        await using var scenario = ProxyScenario.Start();
        var content = RandomNumberGenerator.GetBytes(50_000);
        scenario.Server.Files["f"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        foreach (var mode in new[] { DataMode.Port, DataMode.Pasv, DataMode.Eprt, DataMode.Epsv, DataMode.Port, DataMode.Pasv })
        {
            var result = await client.DownloadAsync(mode, "RETR f");
            result.Data.Should().Equal(content, "mode {0} must work after any other", mode);
        }

        scenario.Server.ReceivedVerb("PORT").Should().BeFalse();
    }

    [Fact]
    public async Task TransferCommand_WithoutDataSetup_Gets425AndTheSessionGoesOn()
    {
        await using var scenario = ProxyScenario.Start();
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.CommandAsync("RETR anything")).Code.Should().Be(425);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
    }

    [Fact]
    public async Task MissingFile_Gets550AndTheNextTransferWorks()
    {
        await using var scenario = ProxyScenario.Start();
        scenario.Server.Files["there"] = [1, 2, 3];
        await using var client = await scenario.ConnectAndLoginAsync();

        await client.PrepareDataAsync(DataMode.Pasv);
        (await client.CommandAsync("RETR missing")).Code.Should().Be(550);

        var result = await client.DownloadAsync(DataMode.Pasv, "RETR there");
        result.Data.Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task CompletionReply_IsWithheldUntilTheDataHasBeenRelayed()
    {
        // The server sends 226 before closing its data connection; the client must not see it while data still flows.
        await using var scenario = ProxyScenario.Start(new FakeServerQuirks { CompleteBeforeDataClose = true });
        var content = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        scenario.Server.Files["big.bin"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        var prepared = await client.PrepareDataAsync(DataMode.Pasv);
        await client.SendAsync("RETR big.bin");
        (await client.ReadReplyAsync()).Code.Should().Be(150);
        using var data = await prepared.OpenAsync();
        var completion = client.ReadReplyAsync();
        var head = await ScriptedFtpClient.ReadToEndAsync(data, limit: 1024 * 1024);

        completion.IsCompleted.Should().BeFalse("63 MiB are still on their way, so the 226 must wait");
        var rest = await ScriptedFtpClient.ReadToEndAsync(data);
        (await completion).Code.Should().Be(226);
        SHA256.HashData([.. head, .. rest]).Should().Equal(SHA256.HashData(content));
    }
}
