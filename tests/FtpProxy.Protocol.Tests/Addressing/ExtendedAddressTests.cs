using System.Net;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Protocol.Tests.Addressing;

public sealed class ExtendedAddressTests
{
    [Theory]
    [InlineData("|1|192.0.2.7|5282|", "192.0.2.7", 5282)]
    [InlineData("|1|132.235.1.2|6275|", "132.235.1.2", 6275)]
    [InlineData("|2|::1|5282|", "::1", 5282)]
    [InlineData("|2|1080::8:800:200C:417A|5282|", "1080::8:800:200C:417A", 5282)]
    [InlineData("|2|::ffff:192.0.2.7|5282|", "::ffff:192.0.2.7", 5282)]
    [InlineData("|2|::|1|", "::", 1)]
    [InlineData("!1!192.0.2.7!5282!", "192.0.2.7", 5282)]
    [InlineData("#1#192.0.2.7#65535#", "192.0.2.7", 65535)]
    [InlineData("~2~fe80::1~5282~", "fe80::1", 5282)]
    [InlineData(" |1|192.0.2.7|5282| ", "192.0.2.7", 5282)]
    [InlineData("|1|010.001.000.009|01024|", "10.1.0.9", 1024)]
    [InlineData("|1|0.0.0.0|21|", "0.0.0.0", 21)]
    public void EprtArgument_Valid_IsParsed(string argument, string address, int port)
    {
        ExtendedAddress.TryParseEprtArgument(argument, out var endPoint, out var reason).Should().BeTrue(reason);
        endPoint.Should().Be(new IPEndPoint(IPAddress.Parse(address), port));
        reason.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "too short")]
    [InlineData("|1|", "too short")]
    [InlineData("1|1|192.0.2.7|5282|1", "invalid delimiter")]
    [InlineData("\t1\t192.0.2.7\t5282\t", "invalid delimiter")]
    [InlineData("\u00A71\u00A7192.0.2.7\u00A75282\u00A7", "invalid delimiter")]
    [InlineData("|1|192.0.2.7|5282", "expected three delimited fields")]
    [InlineData("|1|192.0.2.7|5282||", "expected three delimited fields")]
    [InlineData("x|1|192.0.2.7|5282|", "expected three delimited fields")]
    [InlineData("|1|192.0.2.7|5282|x", "expected three delimited fields")]
    [InlineData(":2:::1:5282:", "expected three delimited fields")]
    [InlineData(".1.192.0.2.7.5282.", "expected three delimited fields")]
    [InlineData("|1|192.0.2.7|0|", "invalid port")]
    [InlineData("|1|192.0.2.7|65536|", "invalid port")]
    [InlineData("|1|192.0.2.7|99999|", "invalid port")]
    [InlineData("|1|192.0.2.7|005282|", "invalid port")]
    [InlineData("|1|192.0.2.7|-1|", "invalid port")]
    [InlineData("|1|192.0.2.7|+5282|", "invalid port")]
    [InlineData("|1|192.0.2.7| 5282|", "invalid port")]
    [InlineData("|1|192.0.2.7||", "invalid port")]
    [InlineData("|1|192.0.2.7|0x14a2|", "invalid port")]
    [InlineData("|3|192.0.2.7|5282|", "unsupported network protocol")]
    [InlineData("|0|192.0.2.7|5282|", "unsupported network protocol")]
    [InlineData("||192.0.2.7|5282|", "unsupported network protocol")]
    [InlineData("|01|192.0.2.7|5282|", "unsupported network protocol")]
    [InlineData("|1|::1|5282|", "invalid IPv4 address")]
    [InlineData("|1|192.0.2|5282|", "invalid IPv4 address")]
    [InlineData("|1|192.0.2.256|5282|", "invalid IPv4 address")]
    [InlineData("|1|192.0.2.0007|5282|", "invalid IPv4 address")]
    [InlineData("|1|192.0..7|5282|", "invalid IPv4 address")]
    [InlineData("|1| 192.0.2.7|5282|", "invalid IPv4 address")]
    [InlineData("|1|3221226247|5282|", "invalid IPv4 address")]
    [InlineData("|1|0xC0.0.2.7|5282|", "invalid IPv4 address")]
    [InlineData("|1|localhost|5282|", "invalid IPv4 address")]
    [InlineData("|2|192.0.2.7|5282|", "invalid IPv6 address")]
    [InlineData("|2|fe80::1%eth0|5282|", "invalid IPv6 address")]
    [InlineData("|2|fe80::1%2|5282|", "invalid IPv6 address")]
    [InlineData("|2|::g|5282|", "invalid IPv6 address")]
    [InlineData("|2|1:2:3:4:5:6:7:8:9|5282|", "invalid IPv6 address")]
    [InlineData("|2||5282|", "invalid IPv6 address")]
    public void EprtArgument_Invalid_IsRejectedWithItsReason(string argument, string reason)
    {
        ExtendedAddress.TryParseEprtArgument(argument, out _, out var actual).Should().BeFalse();
        actual.Should().Be(reason);
    }

    [Theory]
    [InlineData("|2| ::1|5282|")]
    [InlineData("|2|::1 |5282|")]
    [InlineData("|2|::1/64|5282|")]
    public void EprtArgument_WithAnIPv6LiteralThatIsNotPlain_IsRejected(string argument)
    {
        ExtendedAddress.TryParseEprtArgument(argument, out var endPoint, out var reason).Should().BeFalse($"parsed as {endPoint}");
        reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void EprtArgument_WithABracketedIPv6Literal_IsRejected()
    {
        // ExtendedAddress says "nothing IPAddress.TryParse would guess at; only a plain IPv6 literal".
        // RFC 2428 net-addr is the plain string form; "[::1]:21" also smuggles a second port that is silently ignored.
        foreach (var argument in new[] { "|2|[::1]|5282|", "|2|[::1]:21|5282|", "|2|[2001:db8::7]|5282|" })
        {
            ExtendedAddress.TryParseEprtArgument(argument, out var endPoint, out var reason).Should().BeFalse($"{argument} parsed as {endPoint}");
            reason.Should().Be("invalid IPv6 address");
        }
    }

    [Theory]
    [InlineData("Entering Extended Passive Mode (|||6446|)", 6446)]
    [InlineData("Entering Extended Passive Mode (|||6446|).", 6446)]
    [InlineData("Entering extended passive mode (!!!1!)", 1)]
    [InlineData("EPSV ok (###65535#)", 65535)]
    [InlineData("(|||06446|)", 6446)]
    public void ExtendedPassiveReply_YieldsThePort(string text, int port)
    {
        ExtendedAddress.TryParseExtendedPassiveReply(text, out var parsed, out var reason).Should().BeTrue(reason);
        parsed.Should().Be(port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Entering Extended Passive Mode")]
    [InlineData("Entering Extended Passive Mode (|||6446|")]
    [InlineData("Entering Extended Passive Mode |||6446|)")]
    [InlineData("Entering Extended Passive Mode ()")]
    [InlineData("Entering Extended Passive Mode (||||)")]
    [InlineData("Entering Extended Passive Mode (|||0|)")]
    [InlineData("Entering Extended Passive Mode (|||65536|)")]
    [InlineData("Entering Extended Passive Mode (|||123456|)")]
    [InlineData("Entering Extended Passive Mode (|||64a6|)")]
    [InlineData("Entering Extended Passive Mode (||6446|)")]
    [InlineData("Entering Extended Passive Mode (|!|6446|)")]
    [InlineData("Entering Extended Passive Mode (|||6446!)")]
    [InlineData("Entering Extended Passive Mode (|1|::1|6446|)")]
    [InlineData("Entering Extended Passive Mode (|||-6446|)")]
    [InlineData("Entering Passive Mode (192,168,1,2,4,1).")]
    [InlineData("Mode (a) (|||6446|)")]
    public void ExtendedPassiveReply_Malformed_IsRejectedWithAReason(string text)
    {
        ExtendedAddress.TryParseExtendedPassiveReply(text, out _, out var reason).Should().BeFalse();
        reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("192.0.2.7", 5282, "|1|192.0.2.7|5282|")]
    [InlineData("::1", 5282, "|2|::1|5282|")]
    [InlineData("2001:db8::7", 65535, "|2|2001:db8::7|65535|")]
    [InlineData("::ffff:192.0.2.7", 1024, "|1|192.0.2.7|1024|")]
    public void FormatEprtArgument_ParsesBackToTheSameEndPoint(string address, int port, string expected)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var text = ExtendedAddress.FormatEprtArgument(endPoint);
        text.Should().Be(expected);

        ExtendedAddress.TryParseEprtArgument(text, out var parsed, out var reason).Should().BeTrue(reason);
        var plain = endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), port) : endPoint;
        parsed.Should().Be(plain);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6446)]
    [InlineData(65535)]
    public void FormatExtendedPassiveText_ParsesBackToThePort(int port)
    {
        var text = ExtendedAddress.FormatExtendedPassiveText(port);
        text.Should().Be($"Entering Extended Passive Mode (|||{port}|)");
        ExtendedAddress.TryParseExtendedPassiveReply(text, out var parsed, out _).Should().BeTrue();
        parsed.Should().Be(port);
    }
}
