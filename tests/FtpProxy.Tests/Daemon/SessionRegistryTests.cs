using System.Net;
using FtpProxy.Daemon;

namespace FtpProxy.Tests.Daemon;

public sealed class SessionRegistryTests
{
    [Fact]
    public void TwoAdmissionsWithTheSameId_GetDistinctIds_AndNeitherRecordIsLost()
    {
        // Ids are 32 random bits: over millions of sessions two live ones will meet now and then.
        var registry = new SessionRegistry(maxSessions: 10, maxPerIp: 10);

        registry.TryAdmit("0badc0de", new IPEndPoint(IPAddress.Loopback, 40001), out var first, out _).Should().BeTrue();
        registry.TryAdmit("0badc0de", new IPEndPoint(IPAddress.Loopback, 40002), out var second, out _).Should().BeTrue();

        second.Id.Should().NotBe(first.Id);
        registry.Count.Should().Be(2);
        registry.Remove(first.Id);
        registry.Find(second.Id).Should().BeSameAs(second);
    }
}
