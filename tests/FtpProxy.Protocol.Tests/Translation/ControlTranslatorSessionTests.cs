using FluentAssertions.Execution;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Tests.Support;
using FtpProxy.Protocol.Translation;
using static FtpProxy.Protocol.Tests.Support.TranslatorDriver;

namespace FtpProxy.Protocol.Tests.Translation;

/// <summary>Greeting, login, proxy-answered verbs, ordering, queue bound and the ways a session ends.</summary>
public sealed class ControlTranslatorSessionTests
{
    [Fact]
    public void Greeting_IsRelayed()
    {
        var driver = new TranslatorDriver();

        Describe(driver.Server("220 Ready")).Should().Equal("< 220 Ready");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void MultilineGreeting_IsRelayedAsOneReply()
    {
        var driver = new TranslatorDriver();

        var actions = driver.Server("220-Welcome to Pure-FTPd.", "220-You are user number 1 of 50.", "220 Ready");

        actions.Should().ContainSingle().Which.Should().BeOfType<ReplyToClient>()
            .Which.Reply.Lines.Should().Equal("220-Welcome to Pure-FTPd.", "220-You are user number 1 of 50.", "220 Ready");
    }

    [Fact]
    public void Greeting120_IsRelayed_AndCommandsWaitForThe220()
    {
        var driver = new TranslatorDriver();

        Describe(driver.Server("120 Service ready in 5 minutes")).Should().Equal("< 120 Service ready in 5 minutes");
        Describe(driver.Client("USER bob")).Should().BeEmpty();
        Describe(driver.Server("220 Ready")).Should().Equal("< 220 Ready", "> USER bob");
    }

    [Fact]
    public void CommandsSentBeforeTheGreeting_WaitForIt()
    {
        var driver = new TranslatorDriver();

        driver.Client("AUTH TLS").Should().BeEmpty();
        driver.Client("USER bob").Should().BeEmpty();
        Describe(driver.Server("220 Ready")).Should().Equal(
            "< 220 Ready",
            "< 502 TLS is not available through this proxy; carry on in clear text.",
            "> USER bob");
    }

    [Theory]
    [InlineData("421 Too many connections")]
    [InlineData("530 Not allowed")]
    public void RefusedGreeting_IsRelayed_AndClosesTheSession(string greeting)
    {
        var driver = new TranslatorDriver();

        Describe(driver.Server(greeting)).Should().Equal("< " + greeting, "release", "close");
        driver.Translator.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void UserPassLogin_IsRelayed_AndReportsTheUser()
    {
        var driver = new TranslatorDriver();
        driver.Server("220 Ready");

        Describe(driver.Client("USER bob")).Should().Equal("> USER bob");
        Describe(driver.Server("331 Please specify the password.")).Should().Equal("< 331 Please specify the password.");
        Describe(driver.Client("PASS s3cret")).Should().Equal("> PASS s3cret");
        var actions = driver.Server("230-Welcome", " to the banner", "230 Login successful.");

        Describe(actions).Should().Equal("< 230-Welcome /  to the banner / 230 Login successful.", "logged in bob");
        actions.OfType<UserLoggedIn>().Single().Should().Be(new UserLoggedIn("bob"));
    }

    [Fact]
    public void UserAccepted_WithoutPassword_ReportsTheUser()
    {
        var driver = new TranslatorDriver();
        driver.Server("220 Ready");
        driver.Client("user anonymous");

        Describe(driver.Server("230 Anonymous access granted")).Should().Equal("< 230 Anonymous access granted", "logged in anonymous");
    }

    [Fact]
    public void AcctLogin_IsRelayed_AndReportsTheUser()
    {
        var driver = new TranslatorDriver();
        driver.Server("220 Ready");
        driver.Client("USER bob");
        driver.Server("331 Password");
        driver.Client("PASS x");
        Describe(driver.Server("332 Need account")).Should().Equal("< 332 Need account");
        Describe(driver.Client("ACCT billing")).Should().Equal("> ACCT billing");
        Describe(driver.Server("230 In")).Should().Equal("< 230 In", "logged in bob");
    }

    [Fact]
    public void RefusedLogin_ReportsNoUser()
    {
        var driver = new TranslatorDriver();
        driver.Server("220 Ready");
        driver.Client("USER bob");
        driver.Server("331 Password");
        driver.Client("PASS wrong");

        Describe(driver.Server("530 Login incorrect.")).Should().Equal("< 530 Login incorrect.");
    }

    [Theory]
    [InlineData("AUTH TLS")]
    [InlineData("AUTH SSL")]
    [InlineData("auth tls")]
    [InlineData("AUTH")]
    [InlineData("CCC")]
    [InlineData("ADAT abc")]
    [InlineData("MIC x")]
    [InlineData("CONF x")]
    [InlineData("ENC x")]
    public void SecurityCommands_AreAnswered502_AndNeverForwarded(string line)
    {
        var driver = LoggedIn();

        var actions = driver.Client(line);

        Describe(actions).Should().Equal("< 502 TLS is not available through this proxy; carry on in clear text.");
        Upstream(actions).Should().BeEmpty();
    }

    [Theory]
    [InlineData("PBSZ 0")]
    [InlineData("PROT P")]
    [InlineData("prot c")]
    public void PbszAndProt_AreAnswered503_AndNeverForwarded(string line)
    {
        var driver = LoggedIn();

        Describe(driver.Client(line)).Should().Equal("< 503 No security data exchange has taken place.");
    }

    [Theory]
    [InlineData("LPRT 4,4,192,0,2,7,2,20,162")]
    [InlineData("LPSV")]
    [InlineData("SPSV")]
    public void LongAddressCommands_AreAnswered502_AndNeverForwarded(string line)
    {
        var driver = LoggedIn();

        Describe(driver.Client(line)).Should().Equal("< 502 Not implemented; use EPRT or EPSV.");
    }

    [Fact]
    public void Feat_IsForwarded_AndItsReplyRewritten()
    {
        var driver = LoggedIn();

        Describe(driver.Client("FEAT")).Should().Equal("> FEAT");
        var actions = driver.Server("211-Features:", " AUTH TLS", " PBSZ", " PROT", " MDTM", " UTF8", "211 End");

        AllReplyLines(actions).Should().Equal("211-Features:", " MDTM", " UTF8", " EPRT", " EPSV", "211 End");
    }

    [Fact]
    public void RefusedFeat_IsRelayedUnchanged()
    {
        var driver = LoggedIn();
        driver.Client("feat");

        Describe(driver.Server("500 Unknown command")).Should().Equal("< 500 Unknown command");
    }

    [Theory]
    [InlineData("SITE CHMOD 755 my file", "SITE CHMOD 755 my file")]
    [InlineData("cwd  /dir with  spaces ", "CWD  /dir with  spaces ")]
    [InlineData("noop", "NOOP")]
    [InlineData("MLST x", "MLST x")]
    [InlineData("REST 100", "REST 100")]
    [InlineData("XYZZY plugh", "XYZZY plugh")]
    public void OtherCommands_AreRelayed_WithTheVerbUpperCasedAndTheArgumentVerbatim(string line, string sent)
    {
        var driver = LoggedIn();

        Describe(driver.Client(line)).Should().Equal("> " + sent);
        Describe(driver.Server("200 OK")).Should().Equal("< 200 OK");
    }

    [Fact]
    public void PipelinedCommands_AreServedOneAtATime_InOrder()
    {
        var driver = LoggedIn();
        var framer = new LineFramer();
        var frames = new List<string>();
        FramerDriver.Feed(framer, FramerDriver.Bytes("TYPE I\r\nPWD\r\nSYST\r\n"), frames);
        frames.Should().Equal("Line:TYPE I", "Line:PWD", "Line:SYST");

        Describe(driver.Client("TYPE I")).Should().Equal("> TYPE I");
        driver.Client("PWD").Should().BeEmpty();
        driver.Client("SYST").Should().BeEmpty();
        driver.Translator.IsIdle.Should().BeFalse();

        Describe(driver.Server("200 Switching to Binary mode.")).Should().Equal("< 200 Switching to Binary mode.", "> PWD");
        Describe(driver.Server("257 \"/\"")).Should().Equal("< 257 \"/\"", "> SYST");
        Describe(driver.Server("215 UNIX Type: L8")).Should().Equal("< 215 UNIX Type: L8");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void PipelinedProxyAnsweredCommands_KeepTheirPlaceInLine()
    {
        var driver = LoggedIn();

        Describe(driver.Client("NOOP")).Should().Equal("> NOOP");
        driver.Client("AUTH TLS").Should().BeEmpty();
        driver.Client("PWD").Should().BeEmpty();

        Describe(driver.Server("200 NOOP ok.")).Should().Equal(
            "< 200 NOOP ok.",
            "< 502 TLS is not available through this proxy; carry on in clear text.",
            "> PWD");
    }

    [Fact]
    public void Quit_RelaysThe221_ThenClosesTheSession()
    {
        var driver = LoggedIn();

        Describe(driver.Client("QUIT")).Should().Equal("> QUIT");
        var actions = driver.Server("221 Goodbye.");

        Describe(actions).Should().Equal("< 221 Goodbye.", "release", "close");
        actions.OfType<CloseSession>().Single().Reason.Should().NotBeNullOrWhiteSpace();
        driver.Translator.IsClosed.Should().BeTrue();
        driver.Translator.CanAcceptClientInput.Should().BeFalse();
    }

    [Fact]
    public void ClosedSession_IgnoresEverythingAfterwards()
    {
        var driver = LoggedIn();
        driver.Client("QUIT");
        driver.Server("221 Goodbye.");

        driver.Client("NOOP").Should().BeEmpty();
        driver.Translator.OnUpstreamReply(FtpReply.Create(200, "late")).Should().BeEmpty();
        driver.Translator.OnUpstreamClosed().Should().BeEmpty();
        driver.Translator.OnClientLineRejected(FrameStatus.LineTooLong).Should().BeEmpty();
        driver.Translator.OnTerminate(ProxyReplies.IdleTimeout, "idle").Should().BeEmpty();
    }

    [Fact]
    public void ServerClosingAfterQuit_IsNoError()
    {
        var driver = LoggedIn();
        driver.Client("QUIT");

        Describe(driver.Translator.OnUpstreamClosed()).Should().Equal("release", "close");
    }

    [Fact]
    public void ClientGone_WhileIdle_SaysQuitUpstream_AndCloses()
    {
        var driver = LoggedIn();

        Describe(driver.Translator.OnClientGone("client closed the connection")).Should().Equal("> QUIT", "release", "close");
        driver.Translator.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void ClientGone_WithCommandsInFlightAndQueued_ServesThemFirst()
    {
        var driver = LoggedIn();
        driver.Client("MKD a");
        driver.Client("MKD b");

        driver.Translator.OnClientGone("client closed the connection").Should().BeEmpty();
        Describe(driver.Server("257 \"/a\" created")).Should().Equal("< 257 \"/a\" created", "> MKD b");
        Describe(driver.Server("257 \"/b\" created")).Should().Equal("< 257 \"/b\" created", "> QUIT", "release", "close");
    }

    [Fact]
    public void ClientGone_WithItsQuitQueued_EndsOnThe221()
    {
        var driver = LoggedIn();
        driver.Client("NOOP");
        driver.Client("QUIT");

        driver.Translator.OnClientGone("client closed the connection").Should().BeEmpty();
        Describe(driver.Server("200 NOOP ok")).Should().Equal("< 200 NOOP ok", "> QUIT");
        Describe(driver.Server("221 Goodbye.")).Should().Equal("< 221 Goodbye.", "release", "close");
    }

    [Fact]
    public void UpstreamClosed_Sends421_AndClosesTheSession()
    {
        var driver = LoggedIn();

        Describe(driver.Translator.OnUpstreamClosed()).Should().Equal(
            "< 421 Service not available, the server closed the connection.", "release", "close");
    }

    [Fact]
    public void UpstreamClosed_WhileACommandIsInFlight_Sends421_AndClosesTheSession()
    {
        var driver = LoggedIn();
        driver.Client("STAT");

        Describe(driver.Translator.OnUpstreamClosed()).Should().Equal(
            "< 421 Service not available, the server closed the connection.", "release", "close");
    }

    [Fact]
    public void Unsolicited421_IsRelayed_AndClosesTheSession()
    {
        var driver = LoggedIn();

        Describe(driver.Server("421 Timeout.")).Should().Equal("< 421 Timeout.", "release", "close");
        driver.Translator.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void UnsolicitedOtherReply_IsRelayed_AndTheSessionGoesOn()
    {
        var driver = LoggedIn();

        Describe(driver.Server("200 Something")).Should().Equal("< 200 Something");
        driver.Translator.IsClosed.Should().BeFalse();
        Describe(driver.Client("NOOP")).Should().Equal("> NOOP");
    }

    [Fact]
    public void Reply421ToACommand_IsRelayed_AndClosesTheSession()
    {
        var driver = LoggedIn();
        driver.Client("NOOP");

        Describe(driver.Server("421 Shutting down")).Should().Equal("< 421 Shutting down", "release", "close");
    }

    [Fact]
    public void Terminate_SendsTheReply_AndClosesTheSession()
    {
        var driver = LoggedIn();

        Describe(driver.Translator.OnTerminate(ProxyReplies.IdleTimeout, "idle")).Should().Equal(
            "< 421 Timeout: closing control connection.", "release", "close");
    }

    [Theory]
    [InlineData(FrameStatus.LineTooLong, "< 500 Command line too long.")]
    [InlineData(FrameStatus.LineContainsNul, "< 500 Command contains a NUL byte.")]
    public void RejectedLine_IsAnswered500_InOrder(FrameStatus status, string expected)
    {
        var driver = LoggedIn();
        Describe(driver.Translator.OnClientLineRejected(status)).Should().Equal(expected);

        Describe(driver.Client("NOOP")).Should().Equal("> NOOP");
        driver.Translator.OnClientLineRejected(status).Should().BeEmpty();
        driver.Client("PWD").Should().BeEmpty();

        Describe(driver.Server("200 NOOP ok.")).Should().Equal("< 200 NOOP ok.", expected, "> PWD");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" NOOP")]
    [InlineData("0NOP")]
    [InlineData("NO-OP")]
    [InlineData("\u00FFNOOP")]
    public void UnparsableLine_IsAnswered500_InOrder(string line)
    {
        var driver = LoggedIn();
        driver.Client("NOOP");
        driver.Client(line).Should().BeEmpty();

        Describe(driver.Server("200 NOOP ok.")).Should().Equal("< 200 NOOP ok.", "< 500 Syntax error, command unrecognized.");
    }

    [Fact]
    public void QueueOfPipelinedCommands_IsBounded()
    {
        var driver = LoggedIn();
        driver.Client("NOOP");

        for (var i = 0; i < FtpLimits.MaxQueuedCommands; i++)
        {
            driver.Translator.CanAcceptClientInput.Should().BeTrue($"only {i} commands wait");
            driver.Client("NOOP").Should().BeEmpty();
        }

        driver.Translator.CanAcceptClientInput.Should().BeFalse();

        Describe(driver.Server("200 NOOP ok.")).Should().Equal("< 200 NOOP ok.", "> NOOP");
        driver.Translator.CanAcceptClientInput.Should().BeTrue();
    }

    [Fact]
    public void QueueBound_CountsRejectedLinesToo()
    {
        var driver = LoggedIn();
        driver.Client("NOOP");

        for (var i = 0; i < FtpLimits.MaxQueuedCommands; i++)
        {
            driver.Translator.OnClientLineRejected(FrameStatus.LineTooLong);
        }

        driver.Translator.CanAcceptClientInput.Should().BeFalse();
        var actions = driver.Server("200 NOOP ok.");
        ClientCodes(actions).Should().HaveCount(1 + FtpLimits.MaxQueuedCommands);
        driver.Translator.CanAcceptClientInput.Should().BeTrue();
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void CommandWithABareCrInside_IsRefused_AndNothingGoesUpstream()
    {
        // The framer ends lines only at LF, so "NOOP x<CR>PORT ..." reaches the translator as one line with verb NOOP.
        // FileZilla Server 0.9.x ends a command at CR, LF or NUL: it would run PORT 10.0.0.1:21 (FTP bounce past
        // the proxy's check) or AUTH TLS (a handshake through the proxy's text parser), and its extra reply
        // would also shift every later reply onto the wrong command.
        using var scope = new AssertionScope();
        foreach (var smuggled in new[] { "NOOP x\rPORT 10,0,0,1,0,21", "NOOP x\rAUTH TLS", "CWD a\rDELE b" })
        {
            var driver = LoggedIn();
            var line = FramedLine(smuggled);
            line.Should().Be(smuggled, "the framer keeps a CR that is not followed by LF");

            var actions = driver.Client(line);

            Upstream(actions).Should().BeEmpty($"\"{smuggled}\" must not reach the server");
            ClientCodes(actions).Should().ContainSingle().Which.Should().BeInRange(500, 501);
        }
    }

    [Fact]
    public void Reply421ToAnyCommand_IsRelayed_AndClosesTheSession()
    {
        using var scope = new AssertionScope();
        var feat = LoggedIn();
        feat.Client("FEAT");
        Describe(feat.Server("421 Server shutting down")).Should().Equal("< 421 Server shutting down", "release", "close");

        var retr = LoggedIn();
        retr.SetUpPassive();
        retr.Client("RETR f");
        Describe(retr.Server("421 Server shutting down")).Should().Equal("< 421 Server shutting down", "release", "close");

        var epsv = LoggedIn();
        epsv.Client("PASV");
        var actions = epsv.Server("421 Server shutting down");
        ClientCodes(actions).Should().Equal(421);
        actions.Should().ContainItemsAssignableTo<CloseSession>();
    }

    [Fact]
    public void PreliminaryReplyToARelayedCommand_IsRelayed_AndTheCommandStaysInFlight()
    {
        var driver = LoggedIn();
        driver.Client("SITE LONGJOB");
        driver.Client("NOOP");

        Describe(driver.Server("110 Working")).Should().Equal("< 110 Working");
        Describe(driver.Server("200 Done")).Should().Equal("< 200 Done", "> NOOP");
    }
}
