using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Tests.Support;

namespace FtpProxy.Protocol.Tests.Framing;

public sealed class LineEncoderTests
{
    [Theory]
    [InlineData("200 OK", "200 OK\r\n")]
    [InlineData("", "\r\n")]
    [InlineData("550 a\u00FFb", "550 a\u00FFb\r\n")]
    [InlineData("\u00FF\u00FF", "\u00FF\u00FF\r\n")]
    [InlineData("MKD \u00CF\u00FF\u00F2", "MKD \u00CF\u00FF\u00F2\r\n")]
    public void EncodeLine_WritesTheBytesAsTheyAre_AndAppendsCrLf(string line, string expectedLatin1)
    {
        LineEncoder.EncodeLine(line).Should().Equal(FramerDriver.Bytes(expectedLatin1));
    }

    [Fact]
    public void EncodeLine_ReplacesCharactersWiderThanAByte()
    {
        LineEncoder.EncodeLine("a\u20ACb").Should().Equal(FramerDriver.Bytes("a?b\r\n"));
    }

    [Fact]
    public void EncodeLines_WritesEveryLineInOrder()
    {
        LineEncoder.EncodeLines(["211-Features:", " EPSV", "211 End"])
            .Should().Equal(FramerDriver.Bytes("211-Features:\r\n EPSV\r\n211 End\r\n"));
        LineEncoder.EncodeLines(["200 OK"]).Should().Equal(FramerDriver.Bytes("200 OK\r\n"));
    }

    [Theory]
    [InlineData("RETR plain.txt")]
    [InlineData("RETR \u00FF\u00FEodd")]
    [InlineData("RETR ends with cr\r")]
    [InlineData("RETR caf\u00C3\u00A9")]
    public void EncodedLine_IsFramedBackToTheSameLine(string line)
    {
        FramerDriver.ShouldFrameAs(LineEncoder.EncodeLine(line), ["Line:" + line], partialLineAfter: false);
    }

    [Theory]
    [InlineData("caf\u00C3\u00A9", "caf\u00E9")]
    [InlineData("caf\u00E9", "caf\u00E9")]
    [InlineData("plain", "plain")]
    public void ToDisplay_DecodesValidUtf8_AndLeavesOtherBytesAlone(string latin1, string expected)
    {
        LineEncoder.ToDisplay(latin1).Should().Be(expected);
    }

    [Theory]
    [InlineData("a\u001B[31mb", "a\\x1B[31mb")]
    [InlineData("x\ry\nz", "x\\x0Dy\\x0Az")]
    [InlineData("x\u007Fy", "x\\x7Fy")]
    [InlineData("\u00C2\u009B31m", "\\x9B31m")]
    [InlineData("x\u009By", "x\\x9By")]
    public void ToDisplay_EscapesControlCharacters_SoAPeerCannotForgeOrColourALogLine(string latin1, string expected)
    {
        LineEncoder.ToDisplay(latin1).Should().Be(expected);
    }

    [Theory]
    [InlineData("evil\u00E2\u0080\u00AEtxt.exe", "evil\\u202Etxt.exe")] // U+202E RIGHT-TO-LEFT OVERRIDE, as UTF-8 bytes
    [InlineData("a\u00E2\u0081\u00A6b\u00E2\u0081\u00A9c", "a\\u2066b\\u2069c")] // isolates
    [InlineData("x\u00E2\u0080\u008Fy", "x\\u200Fy")] // RIGHT-TO-LEFT MARK
    public void ToDisplay_EscapesBidirectionalControls_SoAPeerCannotReorderALogLine(string latin1, string expected)
    {
        // Bidi controls are format characters, not controls: a terminal shows the text after one reversed.
        LineEncoder.ToDisplay(latin1).Should().Be(expected);
    }
}
