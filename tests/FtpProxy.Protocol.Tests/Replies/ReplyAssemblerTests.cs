using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Tests.Replies;

public sealed class ReplyAssemblerTests
{
    /// <summary>Name, server lines in order, the expected lines of the one reply they make, its code.</summary>
    public static TheoryData<string, string[], int> WholeReplies => new()
    {
        { "single line", ["200 Command okay."], 200 },
        { "single line, bare code", ["200"], 200 },
        { "multi-line", ["220-Welcome", " to the server", "220 Ready"], 220 },
        { "multi-line, two lines", ["211-Status", "211 End"], 211 },
        { "continuation lines starting with digits", ["211-Banner", "123 is a number", "2113 lines", "21", "211-still going", "211 End"], 211 },
        { "continuation lines without the leading space (IIS)", ["211-Features:", "MDTM", "SIZE", "211 End"], 211 },
        { "bare code as last line", ["211-Features:", " EPSV", "211"], 211 },
        { "a different code inside", ["226-Transfer stats", "150 not a new reply", "212 nor this", "226 Done"], 226 },
        { "empty continuation lines", ["230-Hello", "", "", "230 Logged in"], 230 },
        { "code followed by a tab is not the end", ["211-a", "211\tb", "211 End"], 211 },
        { "a line of the same code with a dash is not the end", ["230-a", "230-b", "230 c"], 230 },
        { "the opening line may be only code and dash", ["211-", "211 "], 211 },
        { "lowest code", ["100 x"], 100 },
        { "highest code", ["599 x"], 599 },
    };

    [Theory]
    [MemberData(nameof(WholeReplies))]
    public void Lines_AssembleIntoOneReply(string name, string[] lines, int code)
    {
        _ = name;
        var assembler = new ReplyAssembler();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            assembler.Add(lines[i], out var early).Should().Be(ReplyStatus.NeedMoreLines, $"line {i} does not end the reply");
            early.Should().BeNull();
            assembler.IsInsideReply.Should().BeTrue();
        }

        assembler.Add(lines[^1], out var reply).Should().Be(ReplyStatus.Complete);
        reply.Should().NotBeNull();
        reply!.Code.Should().Be(code);
        reply.Lines.Should().Equal(lines);
        assembler.IsInsideReply.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("abc")]
    [InlineData("099 too low")]
    [InlineData("600 too high")]
    [InlineData("000 zero")]
    [InlineData("2x0 letter")]
    [InlineData(" 200 leading space")]
    [InlineData("200x no separator")]
    [InlineData("2000 four digits")]
    [InlineData("200_underscore")]
    [InlineData("\u00B2\u00B2\u00B2 superscripts")]
    [InlineData("\u0662\u0660\u0660 arabic digits")]
    public void LineOutsideAReply_WithoutAValidCode_IsNotAReply(string line)
    {
        var assembler = new ReplyAssembler();
        assembler.Add(line, out var reply).Should().Be(ReplyStatus.NotAReply);
        reply.Should().BeNull();
        assembler.IsInsideReply.Should().BeFalse();

        assembler.Add("200 next", out reply).Should().Be(ReplyStatus.Complete);
        reply!.Code.Should().Be(200);
    }

    [Theory]
    [InlineData("\u00FF\u00FE\r200 NOOP command successful")] // ProFTPD answering a client's IAC WILL x: IAC DONT x, x the client's CR
    [InlineData("\u00FF\u00FC\u0001200 NOOP command successful")]
    [InlineData("\u00FF\u00F1200 NOOP command successful")]
    public void TelnetCommandsBeforeAReply_AreSkipped(string line)
    {
        var assembler = new ReplyAssembler();

        assembler.Add(line, out var reply).Should().Be(ReplyStatus.Complete);
        reply!.Code.Should().Be(200);
        reply.Lines.Should().Equal("200 NOOP command successful");
    }

    [Fact]
    public void ConsecutiveReplies_AreAssembledOneAfterTheOther()
    {
        var assembler = new ReplyAssembler();
        var replies = new List<FtpReply>();
        foreach (var line in new[] { "120 Wait", "220-Hi", "220 Ready", "331 Password", "230-Banner", " x", "230 In" })
        {
            if (assembler.Add(line, out var reply) == ReplyStatus.Complete)
            {
                replies.Add(reply!);
            }
        }

        replies.Select(r => r.Code).Should().Equal(120, 220, 331, 230);
        replies[1].Lines.Should().Equal("220-Hi", "220 Ready");
        replies[3].Lines.Should().HaveCount(3);
    }

    [Fact]
    public void ReplyLargerThanTheBound_IsTooLarge_AndTheAssemblerStartsAfresh()
    {
        var assembler = new ReplyAssembler(maxReplyBytes: 100);
        assembler.Add("211-Start", out _).Should().Be(ReplyStatus.NeedMoreLines);
        assembler.Add(new string('a', 40), out _).Should().Be(ReplyStatus.NeedMoreLines);
        assembler.Add(new string('b', 60), out var reply).Should().Be(ReplyStatus.TooLarge);
        reply.Should().BeNull();
        assembler.IsInsideReply.Should().BeFalse();

        assembler.Add("200 Fresh", out reply).Should().Be(ReplyStatus.Complete);
        reply!.Lines.Should().Equal("200 Fresh");
    }

    [Fact]
    public void ReplyThatNeverEnds_IsCutOffAtTheDefaultBound()
    {
        var assembler = new ReplyAssembler();
        assembler.Add("211-Endless", out _).Should().Be(ReplyStatus.NeedMoreLines);
        var line = new string('z', FtpLimits.MaxLineLength);
        var status = ReplyStatus.NeedMoreLines;
        var added = 0;
        while (status == ReplyStatus.NeedMoreLines)
        {
            status = assembler.Add(line, out _);
            added++;
            added.Should().BeLessThan(1000, "the bound must stop the reply long before");
        }

        status.Should().Be(ReplyStatus.TooLarge);
        ((long)added * (line.Length + 2)).Should().BeGreaterThan(FtpLimits.MaxReplyBytes - line.Length - 2);
        ((long)(added - 1) * (line.Length + 2)).Should().BeLessThanOrEqualTo(FtpLimits.MaxReplyBytes);
    }

    [Fact]
    public void ReplyOfManyShortLines_IsBoundedByItsLineCount_NotOnlyItsLength()
    {
        // SECURITY: each held line costs a string and a list slot whatever its length: 1 MiB of
        // empty lines would be half a million of them, about 16 MB held for one session.
        var assembler = new ReplyAssembler();
        assembler.Add("211-Endless", out _).Should().Be(ReplyStatus.NeedMoreLines);
        var added = 0;
        var status = ReplyStatus.NeedMoreLines;
        while (status == ReplyStatus.NeedMoreLines && added <= FtpLimits.MaxReplyBytes)
        {
            status = assembler.Add(string.Empty, out _);
            added++;
        }

        status.Should().Be(ReplyStatus.TooLarge);
        added.Should().Be(FtpLimits.MaxReplyLines, "the opening line and the lines before this one make the limit");
    }

    [Fact]
    public void ReplyOfTheMostLinesAllowed_IsComplete()
    {
        var assembler = new ReplyAssembler();
        assembler.Add("211-Start", out _).Should().Be(ReplyStatus.NeedMoreLines);
        for (var i = 2; i < FtpLimits.MaxReplyLines; i++)
        {
            assembler.Add(" entry", out _).Should().Be(ReplyStatus.NeedMoreLines);
        }

        assembler.Add("211 End", out var reply).Should().Be(ReplyStatus.Complete);
        reply!.Lines.Should().HaveCount(FtpLimits.MaxReplyLines);
    }

    [Fact]
    public void ReplyJustUnderTheBound_IsComplete()
    {
        var assembler = new ReplyAssembler(maxReplyBytes: 100);
        assembler.Add("211-Start", out _).Should().Be(ReplyStatus.NeedMoreLines);
        assembler.Add(new string('a', 70), out _).Should().Be(ReplyStatus.NeedMoreLines);
        assembler.Add("211 End", out var reply).Should().Be(ReplyStatus.Complete);
        reply!.Lines.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("227 Entering Passive Mode (1,2,3,4,5,6).", "Entering Passive Mode (1,2,3,4,5,6).")]
    [InlineData("200", "")]
    [InlineData("200 ", "")]
    [InlineData("211-Features:", "Features:")]
    public void FirstLineText_IsTheTextAfterTheCodeAndSeparator(string line, string expected)
    {
        new FtpReply(200, [line]).FirstLineText.Should().Be(expected);
    }

    [Theory]
    [InlineData(150, true, false, false)]
    [InlineData(226, false, true, false)]
    [InlineData(331, false, false, false)]
    [InlineData(425, false, false, false)]
    [InlineData(500, false, false, true)]
    public void ReplyKind_FollowsTheFirstDigit(int code, bool preliminary, bool positive, bool permanentNegative)
    {
        var reply = FtpReply.Create(code, "x");
        reply.IsPreliminary.Should().Be(preliminary);
        reply.IsPositiveCompletion.Should().Be(positive);
        reply.IsPermanentNegative.Should().Be(permanentNegative);
        reply.Lines.Should().Equal($"{code} x");
    }

    [Fact]
    public void CreateMultiline_FramesTheBodyWithCodeDashAndCodeSpace()
    {
        var reply = FtpReply.CreateMultiline(211, "Features:", [" EPSV", " EPRT"], "End");
        reply.Lines.Should().Equal("211-Features:", " EPSV", " EPRT", "211 End");
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public void ReplyCodeOutsideTheRange_IsRejected(int code)
    {
        var create = () => new FtpReply(code, ["x"]);
        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
