using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Protocol.Tests.Translation;

public sealed class FeatFilterTests
{
    [Fact]
    public void TlsFeatures_AreRemoved()
    {
        var reply = new FtpReply(211, ["211-Features:", " AUTH TLS", " PBSZ", " PROT", " MDTM", " SIZE", " EPSV", " EPRT", "211 End"]);

        FeatFilter.Rewrite(reply).Lines.Should().Equal("211-Features:", " MDTM", " SIZE", " EPSV", " EPRT", "211 End");
    }

    [Fact]
    public void TlsFeatures_AreRemoved_WhateverTheirCaseAndIndentation()
    {
        var reply = new FtpReply(211, ["211-Extensions supported:", "auth TLS;SSL", "  Pbsz", " prot ", " CCC", " ADAT", " SSCN", " CPSV", " UTF8", " EPSV", " EPRT", "211 END"]);

        FeatFilter.Rewrite(reply).Lines.Should().Equal("211-Extensions supported:", " UTF8", " EPSV", " EPRT", "211 END");
    }

    [Fact]
    public void EprtAndEpsv_AreAdded_WhenMissing()
    {
        var reply = new FtpReply(211, ["211-Features:", " MDTM", " REST STREAM", "211 End"]);

        FeatFilter.Rewrite(reply).Lines.Should().Equal("211-Features:", " MDTM", " REST STREAM", " EPRT", " EPSV", "211 End");
    }

    [Theory]
    [InlineData(" EPSV", " EPRT")]
    [InlineData(" epsv", " eprt")]
    [InlineData("EPSV", "EPRT")]
    [InlineData(" EPSV ALL", " EPRT |1|2|")]
    public void EprtAndEpsv_AreNotDuplicated(string epsvLine, string eprtLine)
    {
        var reply = new FtpReply(211, ["211-Features:", epsvLine, eprtLine, "211 End"]);

        var lines = FeatFilter.Rewrite(reply).Lines;
        lines.Should().Equal("211-Features:", epsvLine, eprtLine, "211 End");
    }

    [Fact]
    public void OnlyTheMissingOne_IsAdded()
    {
        var reply = new FtpReply(211, ["211-Features:", " EPSV", "211 End"]);

        FeatFilter.Rewrite(reply).Lines.Should().Equal("211-Features:", " EPSV", " EPRT", "211 End");
    }

    [Fact]
    public void SingleLineFeatReply_BecomesAListOfWhatTheProxyOffers()
    {
        var reply = FtpReply.Create(211, "No features");

        var rewritten = FeatFilter.Rewrite(reply);
        rewritten.Code.Should().Be(211);
        rewritten.Lines.Should().Equal("211-Features:", " EPRT", " EPSV", "211 End");
    }

    [Fact]
    public void BareCodeLastLine_IsReplacedByAFullTerminator()
    {
        var reply = new FtpReply(211, ["211-Features:", " AUTH TLS", " EPSV", " EPRT", "211"]);

        FeatFilter.Rewrite(reply).Lines.Should().Equal("211-Features:", " EPSV", " EPRT", "211 End");
    }

    [Fact]
    public void RewrittenReply_IsStillOneWellFormedReply()
    {
        var reply = new FtpReply(211, ["211-Features:", " AUTH TLS", " MDTM", "211 End"]);
        var rewritten = FeatFilter.Rewrite(reply);

        var assembler = new ReplyAssembler();
        var statuses = rewritten.Lines.Select(line => assembler.Add(line, out _)).ToArray();
        statuses[..^1].Should().OnlyContain(s => s == ReplyStatus.NeedMoreLines);
        statuses[^1].Should().Be(ReplyStatus.Complete);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(421)]
    [InlineData(110)]
    public void NonPositiveReply_IsReturnedUnchanged(int code)
    {
        var reply = new FtpReply(code, [$"{code} Unknown command AUTH PBSZ PROT"]);

        FeatFilter.Rewrite(reply).Should().BeSameAs(reply);
    }

    [Fact]
    public void NonPositiveMultilineReply_IsReturnedUnchanged()
    {
        var reply = new FtpReply(550, ["550-No", " AUTH TLS", "550 End"]);

        FeatFilter.Rewrite(reply).Should().BeSameAs(reply);
    }
}
