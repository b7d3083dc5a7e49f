using System.Net;
using System.Security.Cryptography;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class IPv6Tests
{
    [Theory]
    [InlineData(DataMode.Eprt)]
    [InlineData(DataMode.Epsv)]
    public async Task IPv6Client_ToIPv6Upstream_TransfersBothWays(DataMode mode)
    {
        await using var server = new FakeFtpServer(bindAddress: IPAddress.IPv6Loopback);
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.IPv6Loopback);
        var content = RandomNumberGenerator.GetBytes(100_000);
        server.Files["f"] = content;
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint);
        await client.LoginAsync();

        (await client.DownloadAsync(mode, "RETR f")).Data.Should().Equal(content);
        (await client.UploadAsync(mode, "STOR g", content)).Completion.Code.Should().Be(226);

        server.Files["g"].Should().Equal(content);
        server.ReceivedVerb("EPSV").Should().BeTrue();
        server.ReceivedVerb("EPRT").Should().BeFalse();
    }

    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Pasv)]
    [InlineData(DataMode.Eprt)]
    [InlineData(DataMode.Epsv)]
    public async Task IPv4Client_ToIPv6Upstream_Works(DataMode mode)
    {
        await using var server = new FakeFtpServer(bindAddress: IPAddress.IPv6Loopback);
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.Loopback);
        server.Files["f"] = [1, 2, 3];
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint);
        await client.LoginAsync();

        (await client.DownloadAsync(mode, "RETR f")).Data.Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData(DataMode.Eprt)]
    [InlineData(DataMode.Epsv)]
    public async Task IPv6Client_ToIPv4Upstream_Works(DataMode mode)
    {
        await using var server = new FakeFtpServer(bindAddress: IPAddress.Loopback);
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.IPv6Loopback);
        server.Files["f"] = [4, 5];
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint);
        await client.LoginAsync();

        (await client.DownloadAsync(mode, "RETR f")).Data.Should().Equal(4, 5);
    }

    [Fact]
    public async Task IPv6Client_Pasv_Gets522_AndEpsvWithProtocol2Works()
    {
        await using var server = new FakeFtpServer();
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.IPv6Loopback);
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.EndPoint);
        await client.LoginAsync();

        (await client.CommandAsync("PASV")).Code.Should().Be(522, "227 cannot carry an IPv6 address (RFC 2428)");
        (await client.CommandAsync("EPSV 1")).Code.Should().Be(522);
        (await client.CommandAsync("EPSV 2")).Code.Should().Be(229);
        (await client.CommandAsync("EPRT |1|127.0.0.1|5000|")).Code.Should().BeOneOf(500, 522);
    }

    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Pasv)]
    public async Task DualStackListener_ServesIPv4Clients_WithIPv4Addresses(DataMode mode)
    {
        await using var server = new FakeFtpServer();
        await using var proxy = RunningProxy.Start(server.EndPoint, listenAddress: IPAddress.IPv6Any);
        server.Files["f"] = [8];
        await using var client = await ScriptedFtpClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, proxy.EndPoint.Port));
        await client.LoginAsync();

        var result = await client.DownloadAsync(mode, "RETR f");

        result.Data.Should().Equal(8);
    }
}
