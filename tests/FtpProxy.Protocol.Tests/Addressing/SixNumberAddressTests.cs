using System.Net;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Protocol.Tests.Addressing;

public sealed class SixNumberAddressTests
{
    [Theory]
    [InlineData("192,168,1,2,4,1", "192.168.1.2", 1025)]
    [InlineData("127,0,0,1,200,10", "127.0.0.1", 51210)]
    [InlineData("0,0,0,0,0,1", "0.0.0.0", 1)]
    [InlineData("255,255,255,255,255,255", "255.255.255.255", 65535)]
    [InlineData("010,001,000,009,004,000", "10.1.0.9", 1024)]
    [InlineData(" 192,0,2,7,20,0 ", "192.0.2.7", 5120)]
    [InlineData("192,0,2,7,0,21", "192.0.2.7", 21)]
    public void PortArgument_WithSixOctets_IsParsed(string argument, string address, int port)
    {
        SixNumberAddress.TryParsePortArgument(argument, out var endPoint, out var reason).Should().BeTrue(reason);
        endPoint.Should().Be(new IPEndPoint(IPAddress.Parse(address), port));
        reason.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("1,2,3,4,5")]
    [InlineData("1,2,3,4,5,")]
    [InlineData("1,2,3,4,5,6,7")]
    [InlineData("1,2,3,4,5,6,")]
    [InlineData("1,2,3,4,5,6)")]
    [InlineData("(1,2,3,4,5,6)")]
    [InlineData("256,0,0,1,4,1")]
    [InlineData("1,2,3,4,256,1")]
    [InlineData("1,2,3,4,4,256")]
    [InlineData("1,2,3,4,999,1")]
    [InlineData("0001,2,3,4,5,6")]
    [InlineData("1,2,3,4,5,0006")]
    [InlineData("1,2,3,4,0,0")]
    [InlineData("-1,2,3,4,5,6")]
    [InlineData("+1,2,3,4,5,6")]
    [InlineData("1, 2,3,4,5,6")]
    [InlineData("1 ,2,3,4,5,6")]
    [InlineData("1,,3,4,5,6")]
    [InlineData("1.2.3.4.5.6")]
    [InlineData("a,b,c,d,e,f")]
    [InlineData("1,2,3,4,5,6\0")]
    [InlineData("\u0661,2,3,4,5,6")]
    [InlineData("1,2,3,4,5,6 7")]
    public void PortArgument_Malformed_IsRejectedWithAReason(string argument)
    {
        SixNumberAddress.TryParsePortArgument(argument, out _, out var reason).Should().BeFalse();
        reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("256,0,0,1,4,1")]
    [InlineData("1,2,3,4,256,1")]
    [InlineData("192,168,1,300,4,1")]
    public void PortArgument_WithOctetAbove255_IsRejected(string argument)
    {
        SixNumberAddress.TryParsePortArgument(argument, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("255");
    }

    [Theory]
    [InlineData("Entering Passive Mode (192,168,1,2,4,1).", "192.168.1.2", 1025)]
    [InlineData("Entering Passive Mode (192,168,1,2,4,1)", "192.168.1.2", 1025)]
    [InlineData("Entering Passive Mode 192,168,1,2,4,1", "192.168.1.2", 1025)]
    [InlineData("Entering passive mode (127,0,0,1,200,10).", "127.0.0.1", 51210)]
    [InlineData("=127,0,0,1,200,10", "127.0.0.1", 51210)]
    [InlineData("127,0,0,1,200,10", "127.0.0.1", 51210)]
    [InlineData("Entering Passive Mode (0,0,0,0,4,1).", "0.0.0.0", 1025)]
    [InlineData("Mode 2 of 3 (10,0,0,1,4,1).", "10.0.0.1", 1025)]
    [InlineData("Entering Passive Mode (1234,10,0,0,1,4,1).", "10.0.0.1", 1025)]
    [InlineData("Entering Passive Mode (10,0,0,1,4,1,9).", "10.0.0.1", 1025)]
    [InlineData("Entering Passive Mode (10,0,0,1,4,1) (20,0,0,1,4,2)", "10.0.0.1", 1025)]
    public void PassiveReply_IsScannedForSixNumbers(string text, string address, int port)
    {
        SixNumberAddress.TryParsePassiveReply(text, out var endPoint, out var reason).Should().BeTrue(reason);
        endPoint.Should().Be(new IPEndPoint(IPAddress.Parse(address), port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Entering Passive Mode")]
    [InlineData("Entering Passive Mode ()")]
    [InlineData("Entering Passive Mode (192,168,1,2,4).")]
    [InlineData("Entering Passive Mode (192,168,1,2,4,).")]
    [InlineData("Entering Passive Mode (192,168,1,300,4,1).")]
    [InlineData("Entering Passive Mode (10,0,0,1,4,1000).")]
    [InlineData("Entering Passive Mode (10,0,0,1,0,0).")]
    [InlineData("Entering Passive Mode (10;0;0;1;4;1).")]
    [InlineData("Entering Passive Mode (|||6446|)")]
    [InlineData("\u00FF\u00FE\0garbage 1,2")]
    public void PassiveReply_WithoutSixValidNumbers_IsRejectedWithAReason(string text)
    {
        SixNumberAddress.TryParsePassiveReply(text, out _, out var reason).Should().BeFalse();
        reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("192.0.2.7", 5282, "192,0,2,7,20,162")]
    [InlineData("127.0.0.1", 1, "127,0,0,1,0,1")]
    [InlineData("255.255.255.255", 65535, "255,255,255,255,255,255")]
    [InlineData("::ffff:10.1.2.3", 1024, "10,1,2,3,4,0")]
    public void Format_WritesSixNumbers_ThatParseBackToTheSameEndPoint(string address, int port, string expected)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var text = SixNumberAddress.Format(endPoint);
        text.Should().Be(expected);

        SixNumberAddress.TryParsePortArgument(text, out var parsed, out _).Should().BeTrue();
        SixNumberAddress.TryParsePassiveReply($"Entering Passive Mode ({text}).", out var fromReply, out _).Should().BeTrue();
        var plain = endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), port) : endPoint;
        parsed.Should().Be(plain);
        fromReply.Should().Be(plain);
    }

    [Fact]
    public void Format_OfAnIPv6Address_Throws()
    {
        var format = () => SixNumberAddress.Format(new IPEndPoint(IPAddress.IPv6Loopback, 2000));
        format.Should().Throw<ArgumentException>();
    }
}
