using System.Security.Cryptography;
using FtpProxy.Protocol.Translation;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Session;

public sealed class UpstreamActiveModeTests
{
    [Theory]
    [InlineData(DataMode.Port)]
    [InlineData(DataMode.Epsv)]
    public async Task UpstreamActive_SendsEprt_AndTransfersBothWays(DataMode mode)
    {
        await using var scenario = ProxyScenario.Start(configure: s => s with { UpstreamMode = UpstreamDataMode.Active });
        var content = RandomNumberGenerator.GetBytes(200_000);
        scenario.Server.Files["f"] = content;
        await using var client = await scenario.ConnectAndLoginAsync();

        (await client.DownloadAsync(mode, "RETR f")).Data.Should().Equal(content);
        (await client.UploadAsync(mode, "STOR g", content)).Completion.Code.Should().Be(226);

        scenario.Server.Files["g"].Should().Equal(content);
        scenario.Server.ReceivedVerb("EPRT").Should().BeTrue();
        scenario.Server.ReceivedVerb("EPSV").Should().BeFalse();
    }
}
