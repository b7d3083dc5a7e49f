using System.Net;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Tests.Support;
using FtpProxy.Protocol.Translation;
using static FtpProxy.Protocol.Tests.Support.TranslatorDriver;

namespace FtpProxy.Protocol.Tests.Translation;

/// <summary>PORT/EPRT/PASV/EPSV from the client, and how the server side is prepared for them.</summary>
public sealed class ControlTranslatorDataSetupTests
{
    private const string PortAccepted = "< 200 PORT command successful. Consider using PASV.";
    private const string IllegalPort = "< 500 Illegal PORT command: the address must be your own and the port 1024 or above.";
    private const string IllegalEprt = "< 500 Illegal EPRT command: the address must be your own and the port 1024 or above.";
    private const string EpsvAllInEffect = "< 503 EPSV ALL in effect; only EPSV is accepted.";

    private static readonly IPEndPoint Advertised = new(IPAddress.Parse("198.51.100.1"), 40000);

    [Fact]
    public void Port_FromTheClientsOwnAddress_IsServedWithEpsvUpstream_AndAnswered200OnceConnected()
    {
        var driver = LoggedIn();

        Describe(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal("release", "> EPSV");
        var connect = driver.Server("229 Entering Extended Passive Mode (|||6446|)");
        connect.Should().Equal(new ConnectUpstreamData(6446, null));
        Describe(driver.Translator.OnUpstreamDataConnected(true)).Should().Equal(PortAccepted);
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Theory]
    [InlineData("192,0,2,7,4,0")]
    [InlineData("192,0,2,7,255,255")]
    [InlineData(" 192,0,2,7,20,162")]
    public void Port_ToAnUnprivilegedPortOfTheClient_IsAccepted(string argument)
    {
        var driver = LoggedIn();

        Upstream(driver.Client("PORT " + argument)).Should().Equal("EPSV");
    }

    [Theory]
    [InlineData("192,0,2,8,20,162")]
    [InlineData("10,0,0,1,20,162")]
    [InlineData("127,0,0,1,20,162")]
    [InlineData("0,0,0,0,20,162")]
    [InlineData("192,0,2,7,3,255")]
    [InlineData("192,0,2,7,0,21")]
    [InlineData("192,0,2,7,0,1")]
    public void Port_WithAForeignAddressOrAPrivilegedPort_IsRefused500_AndNothingGoesUpstream(string argument)
    {
        var driver = LoggedIn();

        var actions = driver.Client("PORT " + argument);

        Describe(actions).Should().Equal(IllegalPort);
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Theory]
    [InlineData("192,0,2,7,20")]
    [InlineData("192,0,2,7,20,162,1")]
    [InlineData("192,0,2,256,20,162")]
    [InlineData("")]
    [InlineData("|1|192.0.2.7|5282|")]
    public void Port_Malformed_IsRefused501WithTheReason_AndNothingGoesUpstream(string argument)
    {
        var driver = LoggedIn();

        var actions = driver.Client("PORT " + argument);

        ClientCodes(actions).Should().Equal(501);
        AllReplyLines(actions).Single().Should().StartWith("501 Invalid PORT argument: ");
        Upstream(actions).Should().BeEmpty();
    }

    [Fact]
    public void Eprt_FromTheClientsOwnAddress_IsServedLikePort()
    {
        var driver = LoggedIn();

        Describe(driver.Client("EPRT |1|192.0.2.7|5282|")).Should().Equal("release", "> EPSV");
        driver.Server("229 Entering Extended Passive Mode (|||6446|)");
        Describe(driver.Translator.OnUpstreamDataConnected(true)).Should().Equal("< 200 EPRT command successful. Consider using EPSV.");
    }

    [Theory]
    [InlineData("|1|192.0.2.8|5282|")]
    [InlineData("|1|192.0.2.7|1023|")]
    [InlineData("|2|::ffff:192.0.2.8|5282|")]
    public void Eprt_WithAForeignAddressOrAPrivilegedPort_IsRefused500(string argument)
    {
        var driver = LoggedIn();

        Describe(driver.Client("EPRT " + argument)).Should().Equal(IllegalEprt);
    }

    [Fact]
    public void Eprt_WithAnIPv4MappedAddressOfTheClient_IsAccepted()
    {
        var driver = LoggedIn();

        Upstream(driver.Client("EPRT |2|::ffff:192.0.2.7|5282|")).Should().Equal("EPSV");
    }

    [Fact]
    public void Eprt_WithAnUnknownProtocol_IsRefused522NamingTheClientsProtocol()
    {
        Describe(LoggedIn().Client("EPRT |3|192.0.2.7|5282|")).Should().Equal("< 522 Network protocol not supported, use (1)");

        var ipv6 = LoggedIn(new TranslatorSettings(IPAddress.Parse("2001:db8::7")));
        Describe(ipv6.Client("EPRT |3|x|5282|")).Should().Equal("< 522 Network protocol not supported, use (2)");
    }

    [Fact]
    public void Eprt_InTheOtherNetworkProtocol_IsRefused522NamingTheClientsProtocol()
    {
        Describe(LoggedIn().Client("EPRT |2|2001:db8::7|5282|")).Should().Equal("< 522 Network protocol not supported, use (1)");

        var ipv6 = LoggedIn(new TranslatorSettings(IPAddress.Parse("2001:db8::7")));
        Describe(ipv6.Client("EPRT |1|192.0.2.7|5282|")).Should().Equal("< 522 Network protocol not supported, use (2)");
    }

    [Fact]
    public void Eprt_FromAnIPv6Client_ToItsOwnAddress_IsAccepted()
    {
        var driver = LoggedIn(new TranslatorSettings(IPAddress.Parse("2001:db8::7")));

        Upstream(driver.Client("EPRT |2|2001:db8::7|5282|")).Should().Equal("EPSV");
    }

    [Fact]
    public void Port_FromAClientSeenAsIPv4MappedIPv6_IsComparedAsIPv4()
    {
        var driver = LoggedIn(new TranslatorSettings(IPAddress.Parse("::ffff:192.0.2.7")));

        Upstream(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal("EPSV");
    }

    [Fact]
    public void Pasv_IsServedWithEpsvUpstream_ThenAClientListener_ThenA227WithItsEndPoint()
    {
        var driver = LoggedIn();

        Describe(driver.Client("PASV")).Should().Equal("release", "> EPSV");
        Describe(driver.Server("229 Entering Extended Passive Mode (|||6446|)")).Should().Equal("connect 6446");
        Describe(driver.Translator.OnUpstreamDataConnected(true)).Should().Equal("open client listener");
        var actions = driver.Translator.OnClientListenerOpened(Advertised);

        Describe(actions).Should().Equal("< 227 Entering Passive Mode (198,51,100,1,156,64).");
        var text = actions.OfType<ReplyToClient>().Single().Reply.FirstLineText;
        SixNumberAddress.TryParsePassiveReply(text, out var endPoint, out _).Should().BeTrue();
        endPoint.Should().Be(Advertised);
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Epsv_IsAnswered229WithTheListenerPort()
    {
        var driver = LoggedIn();

        Describe(driver.Client("EPSV")).Should().Equal("release", "> EPSV");
        driver.Server("229 Entering Extended Passive Mode (|||6446|)");
        driver.Translator.OnUpstreamDataConnected(true);

        Describe(driver.Translator.OnClientListenerOpened(Advertised)).Should().Equal("< 229 Entering Extended Passive Mode (|||40000|)");
    }

    [Theory]
    [InlineData("EPSV 1")]
    [InlineData("epsv")]
    public void Epsv_WithTheClientsProtocol_IsServed(string line)
    {
        Upstream(LoggedIn().Client(line)).Should().Equal("EPSV");
    }

    [Fact]
    public void Epsv_WithTheOtherProtocol_IsRefused522()
    {
        Describe(LoggedIn().Client("EPSV 2")).Should().Equal("< 522 Network protocol not supported, use (1)");

        var ipv6 = LoggedIn(new TranslatorSettings(IPAddress.Parse("2001:db8::7")));
        Describe(ipv6.Client("EPSV 1")).Should().Equal("< 522 Network protocol not supported, use (2)");
        Upstream(ipv6.Client("EPSV 2")).Should().Equal("EPSV");
    }

    [Theory]
    [InlineData("EPSV 3")]
    [InlineData("EPSV FOO")]
    public void Epsv_WithAnUnknownArgument_IsRefused501(string line)
    {
        Describe(LoggedIn().Client(line)).Should().Equal("< 501 EPSV takes no argument, 1, 2 or ALL.");
    }

    [Fact]
    public void Pasv_FromAnIPv6Client_IsRefused522()
    {
        var driver = LoggedIn(new TranslatorSettings(IPAddress.Parse("2001:db8::7")));

        Describe(driver.Client("PASV")).Should().Equal("< 522 PASV cannot carry an IPv6 address; use EPSV.");
    }

    [Fact]
    public void EpsvAll_IsAnswered200_AndLaterPasvPortAndEprtAreRefused()
    {
        var driver = LoggedIn();

        Describe(driver.Client("EPSV ALL")).Should().Equal("< 200 EPSV ALL ok.");
        Describe(driver.Client("PASV")).Should().Equal(EpsvAllInEffect);
        Describe(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal(EpsvAllInEffect);
        Describe(driver.Client("EPRT |1|192.0.2.7|5282|")).Should().Equal(EpsvAllInEffect);
        Describe(driver.Client("EPSV")).Should().Equal("release", "> EPSV");
    }

    [Fact]
    public void EpsvAll_IsCaseInsensitive()
    {
        var driver = LoggedIn();

        Describe(driver.Client("epsv all")).Should().Equal("< 200 EPSV ALL ok.");
        Describe(driver.Client("PASV")).Should().Equal(EpsvAllInEffect);
    }

    [Fact]
    public void EpsvRefused500_FallsBackToPasv_AndRemembersIt()
    {
        var driver = LoggedIn();

        Describe(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal("release", "> EPSV");
        Describe(driver.Server("500 'EPSV': command not understood.")).Should().Equal("> PASV");
        Describe(driver.Server("227 Entering Passive Mode (203,0,113,5,25,10).")).Should().Equal("connect 6410 (reported 203.0.113.5)");
        Describe(driver.Translator.OnUpstreamDataConnected(true)).Should().Equal(PortAccepted);

        Describe(driver.Client("PASV")).Should().Equal("release", "> PASV");
        Describe(driver.Server("227 Entering Passive Mode (203,0,113,5,25,11).")).Should().Equal("connect 6411 (reported 203.0.113.5)");
    }

    [Theory]
    [InlineData("PASV")]
    [InlineData("PORT 192,0,2,7,20,162")]
    public void DataSetupBeforeLogin_GetsTheServers530_AndEpsvIsStillUsedAfterLogin(string line)
    {
        var driver = new TranslatorDriver();
        driver.Server("220 Ready");
        driver.Client(line);

        Describe(driver.Server("530 Log in with USER and PASS first.")).Should().Equal("release", "< 530 Log in with USER and PASS first.");

        driver.Client("USER bob");
        driver.Server("331 Password?");
        driver.Client("PASS x");
        driver.Server("230 Ok");
        Describe(driver.Client("PASV")).Should().Equal("release", "> EPSV");
    }

    [Theory]
    [InlineData("500 'EPSV': command not understood.")]
    [InlineData("501 Syntax error")]
    [InlineData("502 EPSV not implemented")]
    [InlineData("504 Not implemented for that parameter")]
    public void EpsvNotUnderstood_FallsBackToPasv(string refusal)
    {
        var driver = LoggedIn();
        driver.Client("PASV");

        Describe(driver.Server(refusal)).Should().Equal("> PASV");
    }

    [Fact]
    public void UpstreamActiveMode_EprtBeforeLogin_GetsThe530_AndNoFallbackToPort()
    {
        var driver = new TranslatorDriver(new TranslatorSettings(ClientAddress, UpstreamDataMode.Active));
        driver.Server("220 Ready");
        driver.Client("PASV");
        driver.Translator.OnUpstreamListenerOpened(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 50000));

        Describe(driver.Server("530 Please login with USER and PASS.")).Should().Equal("release", "< 530 Please login with USER and PASS.");
    }

    [Fact]
    public void PasvRefusedToo_AfterTheFallback_Fails425()
    {
        var driver = LoggedIn();
        driver.Client("PASV");
        driver.Server("502 EPSV not implemented");

        var actions = driver.Server("502 PASV not implemented");

        Describe(actions).Should().Equal("release", "< 425 Can't open data connection: the server answered \"502 PASV not implemented\".");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void EpsvRefusedWith4xx_DoesNotFallBack_AndFails425()
    {
        var driver = LoggedIn();
        driver.Client("PASV");

        var actions = driver.Server("425 Can't open passive connection");

        Describe(actions).Should().Equal("release", "< 425 Can't open data connection: the server answered \"425 Can't open passive connection\".");
    }

    [Fact]
    public void RefusedPassive_QuotesTheServerWithinTheLineCap()
    {
        // A chained proxy (or any client with the same cap) would drop that line as too long and lose a reply.
        var driver = LoggedIn();
        driver.Client("PASV");
        driver.Server("500 " + new string('e', FtpLimits.MaxLineLength - 4));

        var actions = driver.Server("500 " + new string('p', FtpLimits.MaxLineLength - 4));

        ClientCodes(actions).Should().Equal(425);
        AllReplyLines(actions).Max(line => line.Length).Should().BeLessThanOrEqualTo(FtpLimits.MaxLineLength);
    }

    [Fact]
    public void Reply227NamingAForeignAddress_OnlyReportsIt_TheHostConnectsToTheControlAddress()
    {
        var driver = LoggedIn();
        driver.Client("PASV");
        driver.Server("500 no EPSV");

        var actions = driver.Server("227 Entering Passive Mode (10,0,0,99,4,1).");

        actions.Should().Equal(new ConnectUpstreamData(1025, IPAddress.Parse("10.0.0.99")));
    }

    [Theory]
    [InlineData("227 Entering passive mode (127,0,0,1,200,10).", 51210)]
    [InlineData("227 Entering Passive Mode (127,0,0,1,200,10)", 51210)]
    [InlineData("227 =127,0,0,1,200,10", 51210)]
    public void Reply227ToEpsv_IsAcceptedToo(string reply, int port)
    {
        var driver = LoggedIn();
        driver.Client("EPSV");

        driver.Server(reply).Should().Equal(new ConnectUpstreamData(port, IPAddress.Loopback));
    }

    [Fact]
    public void Unparsable229_Fails425()
    {
        var driver = LoggedIn();
        driver.Client("PASV");

        ClientCodes(driver.Server("229 Entering Extended Passive Mode")).Should().Equal(425);
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Preliminary1xxToEpsv_IsIgnored_AndTheSetupGoesOn()
    {
        var driver = LoggedIn();
        driver.Client("PASV");

        driver.Server("150 thinking").Should().BeEmpty();
        Describe(driver.Server("229 Entering Extended Passive Mode (|||6446|)")).Should().Equal("connect 6446");
    }

    [Fact]
    public void UpstreamDataConnectFailure_Fails425()
    {
        var driver = LoggedIn();
        driver.Client("PORT 192,0,2,7,20,162");
        driver.Server("229 Entering Extended Passive Mode (|||6446|)");

        Describe(driver.Translator.OnUpstreamDataConnected(false)).Should().Equal(
            "release", "< 425 Can't open data connection to the server.");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void ClientListenerFailure_Fails425()
    {
        var driver = LoggedIn();
        driver.Client("PASV");
        driver.Server("229 Entering Extended Passive Mode (|||6446|)");
        driver.Translator.OnUpstreamDataConnected(true);

        Describe(driver.Translator.OnClientListenerOpened(null)).Should().Equal(
            "release", "< 425 Can't open a passive port on the proxy.");
    }

    [Fact]
    public void CommandsSentDuringDataSetup_WaitUntilItIsAnswered()
    {
        var driver = LoggedIn();
        driver.Client("PASV");
        driver.Client("NOOP").Should().BeEmpty();
        driver.Server("229 Entering Extended Passive Mode (|||6446|)").Should().HaveCount(1);
        driver.Translator.OnUpstreamDataConnected(true).Should().HaveCount(1);

        Describe(driver.Translator.OnClientListenerOpened(Advertised)).Should().Equal(
            "< 227 Entering Passive Mode (198,51,100,1,156,64).", "> NOOP");
    }

    [Fact]
    public void HostEventsNobodyAskedFor_AreIgnored()
    {
        var driver = LoggedIn();

        driver.Translator.OnUpstreamDataConnected(true).Should().BeEmpty();
        driver.Translator.OnClientListenerOpened(Advertised).Should().BeEmpty();
        driver.Translator.OnUpstreamListenerOpened(Advertised).Should().BeEmpty();
        driver.Translator.OnTransferFinished(TransferOutcome.Completed).Should().BeEmpty();
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void NewDataRequest_ReleasesWhateverWasPreparedBefore()
    {
        var driver = LoggedIn();
        driver.SetUpPassive();

        Describe(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal("release", "> EPSV");
    }

    [Fact]
    public void UpstreamActiveMode_OpensAListener_AndSendsEprt()
    {
        var driver = LoggedIn(new TranslatorSettings(ClientAddress, UpstreamDataMode.Active));

        Describe(driver.Client("PORT 192,0,2,7,20,162")).Should().Equal("release", "open upstream listener");
        Describe(driver.Translator.OnUpstreamListenerOpened(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 50000)))
            .Should().Equal("> EPRT |1|198.51.100.1|50000|");
        Describe(driver.Server("200 EPRT command successful.")).Should().Equal(PortAccepted);
    }

    [Fact]
    public void UpstreamActiveMode_FallsBackToPort_AndRemembersIt()
    {
        var driver = LoggedIn(new TranslatorSettings(ClientAddress, UpstreamDataMode.Active));
        var listener = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 50000);

        driver.Client("PASV");
        driver.Translator.OnUpstreamListenerOpened(listener);
        Describe(driver.Server("500 EPRT not understood")).Should().Equal("> PORT 198,51,100,1,195,80");
        Describe(driver.Server("200 PORT ok")).Should().Equal("open client listener");
        Describe(driver.Translator.OnClientListenerOpened(Advertised)).Should().Equal("< 227 Entering Passive Mode (198,51,100,1,156,64).");

        Describe(driver.Client("EPSV")).Should().Equal("release", "open upstream listener");
        Describe(driver.Translator.OnUpstreamListenerOpened(listener)).Should().Equal("> PORT 198,51,100,1,195,80");
    }

    [Fact]
    public void UpstreamActiveMode_ListenerFailure_Fails425()
    {
        var driver = LoggedIn(new TranslatorSettings(ClientAddress, UpstreamDataMode.Active));
        driver.Client("PASV");

        Describe(driver.Translator.OnUpstreamListenerOpened(null)).Should().Equal("release", "< 425 Can't open a passive port on the proxy.");
    }

    [Fact]
    public void UpstreamActiveMode_OverIPv6_DoesNotFallBackToPort()
    {
        var driver = LoggedIn(new TranslatorSettings(ClientAddress, UpstreamDataMode.Active));
        driver.Client("PASV");
        driver.Translator.OnUpstreamListenerOpened(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 50000));

        ClientCodes(driver.Server("500 EPRT not understood")).Should().Equal(425);
    }
}
