using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Tests.Support;
using static FtpProxy.Protocol.Tests.Support.FramerDriver;

namespace FtpProxy.Protocol.Tests.Framing;

public sealed class LineFramerTests
{
    private const int Cap = FtpLimits.MaxLineLength;

    /// <summary>Name, input (Latin-1, one char per byte), expected frames, whether a partial line is held at the end.</summary>
    public static TheoryData<string, string, string[], bool> Streams => new()
    {
        { "CRLF", "USER bob\r\n", ["Line:USER bob"], false },
        { "bare LF", "USER bob\n", ["Line:USER bob"], false },
        { "empty line", "\r\n", ["Line:"], false },
        { "bare LF empty line", "\n", ["Line:"], false },
        { "several lines in one buffer", "USER bob\r\nPASS x\nPWD\r\n", ["Line:USER bob", "Line:PASS x", "Line:PWD"], false },
        { "lines then a partial one", "NOOP\r\nSYST\r\nRETR fi", ["Line:NOOP", "Line:SYST"], true },
        { "only a partial line", "RETR file", [], true },
        { "a lone CR is no line end", "RETR a\rb", [], true },
        { "CR inside a line is kept", "RETR a\rb\r\n", ["Line:RETR a\rb"], false },
        { "only the last CR is stripped", "NOOP\r\r\n", ["Line:NOOP\r"], false },
        { "spaces kept verbatim", "STOR  my file .txt \r\n", ["Line:STOR  my file .txt "], false },
        // Telnet bytes are data to the framer: the peers' own choice, passed on as sent (see LineFramer).
        { "IAC IAC kept as both bytes", "RETR a" + Iac + Iac + "b\r\n", ["Line:RETR a\u00FF\u00FFb"], false },
        { "a lone 0xFF kept", "RETR a" + Iac + "b\r\n", ["Line:RETR a\u00FFb"], false },
        { "IAC IP kept", Iac + Ip + "ABOR\r\n", ["Line:" + Iac + Ip + "ABOR"], false },
        { "netkit ABOR: IAC IP IAC DM ABOR kept", Iac + Ip + Iac + Dm + "ABOR\r\n", ["Line:" + Iac + Ip + Iac + Dm + "ABOR"], false },
        { "CP1251 path with 0xFF 0xF2 kept", "MKD \u00CF\u00FF\u00F2\u00ED\r\n", ["Line:MKD \u00CF\u00FF\u00F2\u00ED"], false },
        { "IAC WILL x kept", "NO" + Iac + Will + "\u0001OP\r\n", ["Line:NO" + Iac + Will + "\u0001OP"], false },
        { "IAC SB ... IAC SE kept", "A" + Iac + Sb + "x" + Iac + Se + "\r\n", ["Line:A" + Iac + Sb + "x" + Iac + Se], false },
        { "trailing 0xFF before the line end", "RETR x" + Iac + "\r\n", ["Line:RETR x\u00FF"], false },
        { "0xFF then LF ends the line", "RETR " + Iac + "\n", ["Line:RETR \u00FF"], false },
        { "trailing lone 0xFF is a partial line", "NOOP" + Iac, [], true },
        { "NUL rejected", "RETR a\0b\r\n", ["LineContainsNul"], false },
        { "NUL rejected, next line parsed", "RETR \0\r\nNOOP\r\n", ["LineContainsNul", "Line:NOOP"], false },
        { "NUL alone", "\0\n", ["LineContainsNul"], false },
        { "Latin-1 and UTF-8 bytes survive", "RETR caf\u00C3\u00A9\r\n", ["Line:RETR caf\u00C3\u00A9"], false },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Stream_IsFramedTheSameHoweverItIsSplit(string name, string input, string[] expected, bool partialAfter)
    {
        _ = name;
        ShouldFrameAs(Bytes(input), expected, partialAfter);
    }

    public static TheoryData<string, string, string[]> StreamsWithNulAllowed => new()
    {
        { "NUL kept", "RETR a\0b\r\n", ["Line:RETR a\0b"] },
        { "NUL alone", "\0\n", ["Line:\0"] },
        { "NUL with Telnet bytes around it", Iac + Ip + "A\0" + Iac + Iac + "\r\n", ["Line:" + Iac + Ip + "A\0\u00FF\u00FF"] },
    };

    [Theory]
    [MemberData(nameof(StreamsWithNulAllowed))]
    public void Nul_WhenNotRejected_IsKeptInTheLine(string name, string input, string[] expected)
    {
        _ = name;
        ShouldFrameAs(Bytes(input), expected, partialLineAfter: false, () => new LineFramer(rejectNul: false));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void LineOfExactlyTheCap_IsAccepted(string lineEnd)
    {
        var text = new string('a', Cap);
        ShouldFrameAs(Bytes(text + lineEnd), ["Line:" + text], partialLineAfter: false);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void LineOfOneByteOverTheCap_IsTooLong_AndTheNextLineIsStillParsed(string lineEnd)
    {
        var text = new string('a', Cap + 1);
        ShouldFrameAs(Bytes(text + lineEnd + "NOOP\r\n"), ["LineTooLong", "Line:NOOP"], partialLineAfter: false);
    }

    [Fact]
    public void LineOfTheCapWithTwoTrailingCrs_IsAccepted_KeepingOneCr()
    {
        // cap - 1 text bytes, then CR CR LF: the line is cap bytes long once the line end is removed.
        var text = new string('b', Cap - 1);
        ShouldFrameAs(Bytes(text + "\r\r\n"), ["Line:" + text + "\r"], partialLineAfter: false);
    }

    [Fact]
    public void LineOfTheCapPlusOne0xFF_IsTooLong()
    {
        var text = new string('c', Cap) + Iac;
        ShouldFrameAs(Bytes(text + "\r\nNOOP\n"), ["LineTooLong", "Line:NOOP"], partialLineAfter: false);
    }

    [Fact]
    public void TelnetBytes_CountTowardsTheCap()
    {
        var text = new string('d', Cap - 2);
        ShouldFrameAs(Bytes(Iac + Ip + text + "\r\n"), ["Line:" + Iac + Ip + text], partialLineAfter: false);
        ShouldFrameAs(Bytes(Iac + Ip + text + "d\r\nNOOP\n"), ["LineTooLong", "Line:NOOP"], partialLineAfter: false);
    }

    [Fact]
    public void TooLongLineContainingNul_IsReportedAsTooLong()
    {
        var text = "\0" + new string('e', Cap);
        ShouldFrameAs(Bytes(text + "\r\nPWD\r\n"), ["LineTooLong", "Line:PWD"], partialLineAfter: false);
    }

    [Fact]
    public void SmallerCap_IsHonoured()
    {
        ShouldFrameAs(
            Bytes("12345\r\n123456\r\n1234\n"),
            ["Line:12345", "LineTooLong", "Line:1234"],
            partialLineAfter: false,
            () => new LineFramer(maxLineLength: 5));
    }

    [Fact]
    public void HugeLine_IsDiscardedWithoutBuffering_AndReportedOnce()
    {
        const int size = 1024 * 1024;
        var input = new byte[size + 2 + 6];
        input.AsSpan(0, size).Fill((byte)'x');
        "\r\nNOOP\n"u8.CopyTo(input.AsSpan(size));
        string[] expected = ["LineTooLong", "Line:NOOP"];

        Whole(input, () => new LineFramer()).Frames.Should().Equal(expected);
        ByteAtATime(input, () => new LineFramer()).Frames.Should().Equal(expected);

        // Every split position would be a trillion byte visits; a sample around the interesting places does.
        int[] splits = [0, 1, Cap - 1, Cap, Cap + 1, Cap + 2, 65536, size - 1, size, size + 1, size + 2, input.Length];
        foreach (var split in splits.Concat(Enumerable.Range(1, 50).Select(i => i * 20011)))
        {
            FeedInChunks(input, [split, input.Length - split], () => new LineFramer())
                .Frames.Should().Equal(expected, $"split at {split}");
        }
    }

    [Fact]
    public void HugeLine_ReportsNothingUntilItsEnd_AndHoldsNoMoreThanTheCap()
    {
        var framer = new LineFramer();
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'y');
        for (var i = 0; i < 16; i++)
        {
            framer.Read(chunk, out var consumed, out var line).Should().Be(FrameStatus.NeedMoreData);
            consumed.Should().Be(chunk.Length);
            line.Should().BeEmpty();
            framer.HasPartialLine.Should().BeTrue();
        }

        framer.Read("\r\n"u8, out var endConsumed, out var endLine).Should().Be(FrameStatus.LineTooLong);
        endConsumed.Should().Be(2);
        endLine.Should().BeEmpty();
        framer.HasPartialLine.Should().BeFalse();
    }

    [Fact]
    public void Read_StopsAfterTheFirstLine_AndReportsHowMuchItConsumed()
    {
        var framer = new LineFramer();
        var input = "USER a\r\nPASS b\r\n"u8;

        framer.Read(input, out var consumed, out var line).Should().Be(FrameStatus.Line);
        consumed.Should().Be(8);
        line.Should().Be("USER a");

        framer.Read(input[consumed..], out consumed, out line).Should().Be(FrameStatus.Line);
        consumed.Should().Be(8);
        line.Should().Be("PASS b");
    }

    [Fact]
    public void PartialLine_IsNeverReported_UntilItsLineEndArrives()
    {
        var framer = new LineFramer();
        framer.HasPartialLine.Should().BeFalse();

        framer.Read("RETR some"u8, out var consumed, out var line).Should().Be(FrameStatus.NeedMoreData);
        consumed.Should().Be(9);
        line.Should().BeEmpty();
        framer.HasPartialLine.Should().BeTrue();

        framer.Read(" file\r"u8, out consumed, out line).Should().Be(FrameStatus.NeedMoreData);
        consumed.Should().Be(6);
        line.Should().BeEmpty();
        framer.HasPartialLine.Should().BeTrue();

        framer.Read("\n"u8, out consumed, out line).Should().Be(FrameStatus.Line);
        consumed.Should().Be(1);
        line.Should().Be("RETR some file");
        framer.HasPartialLine.Should().BeFalse();
    }

    [Fact]
    public void EmptyInput_NeedsMoreData_AndConsumesNothing()
    {
        var framer = new LineFramer();
        framer.Read([], out var consumed, out var line).Should().Be(FrameStatus.NeedMoreData);
        consumed.Should().Be(0);
        line.Should().BeEmpty();
        framer.HasPartialLine.Should().BeFalse();
    }

    [Fact]
    public void ZeroCap_IsRejected()
    {
        var create = () => new LineFramer(maxLineLength: 0);
        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
