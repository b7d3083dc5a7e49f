using System.Net;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Tests.Support;
using FtpProxy.Protocol.Translation;
using static FtpProxy.Protocol.Tests.Support.FramerDriver;
using static FtpProxy.Protocol.Tests.Support.TranslatorDriver;

namespace FtpProxy.Protocol.Tests.Translation;

/// <summary>Transfers: start on 1xx, completion held until the bridge is done, ABOR, and what waits behind them.</summary>
public sealed class ControlTranslatorTransferTests
{
    private const string UpstreamClosed = "< 421 Service not available, the server closed the connection.";

    private static TranslatorDriver Passive()
    {
        var driver = LoggedIn();
        driver.SetUpPassive();
        return driver;
    }

    [Fact]
    public void Retr_IsForwarded_Its150Relayed_AndTheTransferStarted()
    {
        var driver = Passive();

        Describe(driver.Client("RETR my file.txt")).Should().Equal("> RETR my file.txt");
        var actions = driver.Server("150 Opening BINARY mode data connection.");

        Describe(actions).Should().Equal("< 150 Opening BINARY mode data connection.", "start RETR Download");
        var start = actions.OfType<StartTransfer>().Single();
        start.Command.Argument.Should().Be("my file.txt");
        start.ActiveTarget.Should().BeNull();
        driver.Translator.IsTransferring.Should().BeTrue();
    }

    [Fact]
    public void CompletionReply_BeforeTheBridgeFinished_IsHeld_AndReleasedAfter()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Here it comes");

        driver.Server("226 Transfer complete.").Should().BeEmpty();
        driver.Translator.IsTransferring.Should().BeTrue();
        driver.Translator.IsIdle.Should().BeFalse();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Transfer complete.");
        driver.Translator.IsTransferring.Should().BeFalse();
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void CompletionReply_AfterTheBridgeFinished_IsRelayedAtOnce()
    {
        var driver = Passive();
        driver.Client("LIST");
        driver.Server("150 Here comes the directory listing.");

        driver.Translator.OnTransferFinished(TransferOutcome.Completed).Should().BeEmpty();
        Describe(driver.Server("226 Directory send OK.")).Should().Equal("< 226 Directory send OK.");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Multiline226_IsHeldAndRelayedWhole()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Accepted data connection");
        driver.Server("226-File successfully transferred", "226 0.000 seconds").Should().BeEmpty();

        AllReplyLines(driver.Translator.OnTransferFinished(TransferOutcome.Completed))
            .Should().Equal("226-File successfully transferred", "226 0.000 seconds");
    }

    [Fact]
    public void Preliminary125_StartsTheTransferToo()
    {
        var driver = Passive();
        driver.Client("RETR f");

        Describe(driver.Server("125 Data connection already open. Transfer starting.")).Should().Equal(
            "< 125 Data connection already open. Transfer starting.", "start RETR Download");
    }

    [Theory]
    [InlineData("STOR up load.bin", "STOR", TransferDirection.Upload)]
    [InlineData("stou", "STOU", TransferDirection.Upload)]
    [InlineData("APPE log", "APPE", TransferDirection.Upload)]
    [InlineData("NLST", "NLST", TransferDirection.Download)]
    [InlineData("MLSD /", "MLSD", TransferDirection.Download)]
    public void TransferVerbs_StartATransferInTheirDirection(string line, string verb, TransferDirection direction)
    {
        var driver = Passive();
        driver.Client(line);

        Describe(driver.Server("150 Ok")).Should().Equal("< 150 Ok", $"start {verb} {direction}");
    }

    [Fact]
    public void TransferAfterPort_StartsTowardsTheClientsPort()
    {
        var driver = LoggedIn();
        driver.SetUpActive(clientPort: 5282);
        driver.Client("RETR f");

        var start = driver.Server("150 Ok").OfType<StartTransfer>().Single();

        start.ActiveTarget.Should().Be(new IPEndPoint(ClientAddress, 5282));
        start.Direction.Should().Be(TransferDirection.Download);
    }

    [Fact]
    public void EprtFromALinkLocalClient_IsAccepted_AndTheTransferGoesToItsAddressWithItsZone()
    {
        // getpeername gives fe80::7%2; an EPRT argument cannot carry a zone. Same host, and the connect needs the zone.
        var client = IPAddress.Parse("fe80::7%2");
        var driver = LoggedIn(new TranslatorSettings(client));
        driver.Client("EPRT |2|fe80::7|5282|");
        driver.Server("229 Entering Extended Passive Mode (|||6446|)");
        driver.Translator.OnUpstreamDataConnected(true);
        driver.Client("RETR f");

        var start = driver.Server("150 Ok").OfType<StartTransfer>().Single();

        start.ActiveTarget.Should().Be(new IPEndPoint(client, 5282));
        start.ActiveTarget!.Address.ScopeId.Should().Be(2);
    }

    [Theory]
    [InlineData(TransferOutcome.Completed, "< 226 Transfer complete.")]
    [InlineData(TransferOutcome.Aborted, "< 226 Transfer complete.")]
    [InlineData(TransferOutcome.Broken, "< 426 Connection closed; transfer aborted.")]
    [InlineData(TransferOutcome.TimedOut, "< 426 Data connection timed out; transfer aborted.")]
    [InlineData(TransferOutcome.ClientUnreachable, "< 425 Can't open data connection to you.")]
    [InlineData(TransferOutcome.UpstreamUnreachable, "< 425 Can't open data connection to the server.")]
    public void FailedBridge_Replaces226(TransferOutcome outcome, string expected)
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Server("226 Transfer complete.");

        Describe(driver.Translator.OnTransferFinished(outcome)).Should().Equal(expected);
    }

    [Fact]
    public void BrokenBridge_ReportedFirst_StillReplaces226()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Translator.OnTransferFinished(TransferOutcome.Broken).Should().BeEmpty();

        Describe(driver.Server("226 Transfer complete.")).Should().Equal("< 426 Connection closed; transfer aborted.");
    }

    [Fact]
    public void ServerError_StandsEvenWhenTheBridgeBroke()
    {
        var driver = Passive();
        driver.Client("STOR f");
        driver.Server("150 Ok");
        driver.Server("451 Local error in processing.");

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Broken)).Should().Equal("< 451 Local error in processing.");
    }

    [Fact]
    public void TransferRefusedBeforeItStarted_IsRelayed_AndTheDataSetupStaysForTheNextOne()
    {
        // As vsftpd and pyftpdlib keep theirs (ProFTPD drops its side, and then says so itself).
        var driver = Passive();
        driver.Client("RETR missing");

        Describe(driver.Server("550 Failed to open file.")).Should().Equal("< 550 Failed to open file.");
        driver.Translator.IsTransferring.Should().BeFalse();
        driver.Translator.IsIdle.Should().BeTrue();
        Describe(driver.Client("RETR other")).Should().Equal("> RETR other");
        Describe(driver.Server("150 Ok")).Should().Equal("< 150 Ok", "start RETR Download");
    }

    [Theory]
    [InlineData("RETR f")]
    [InlineData("STOR f")]
    [InlineData("LIST")]
    public void TransferWithoutDataSetup_IsRefused425_AndNothingGoesUpstream(string line)
    {
        var driver = LoggedIn();

        Describe(driver.Client(line)).Should().Equal("< 425 Use PORT, EPRT, PASV or EPSV first.");
    }

    [Fact]
    public void DataSetup_IsUsedUpByOneTransfer()
    {
        var driver = Passive();
        driver.Client("RETR a");
        driver.Server("150 Ok", "226 Done");
        driver.Translator.OnTransferFinished(TransferOutcome.Completed);

        Describe(driver.Client("RETR b")).Should().Equal("< 425 Use PORT, EPRT, PASV or EPSV first.");
    }

    [Fact]
    public void CommandsSentDuringATransfer_WaitUntilItsCompletionIsRelayed()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Client("PWD").Should().BeEmpty();
        driver.Client("NOOP").Should().BeEmpty();
        driver.Server("226 Done").Should().BeEmpty();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done", "> PWD");
        Describe(driver.Server("257 \"/\"")).Should().Equal("< 257 \"/\"", "> NOOP");
    }

    [Fact]
    public void Abor_DuringATransfer_AbortsIt_AndRelays426Then226InOrder()
    {
        var driver = Passive();
        driver.Client("RETR big");
        driver.Server("150 Ok");

        Describe(driver.Client("ABOR")).Should().Equal("abort transfer", "> ABOR (urgent)");
        driver.Server("426 Failure writing network stream.").Should().BeEmpty();
        driver.Server("226 ABOR successful.").Should().BeEmpty();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Aborted)).Should().Equal(
            "< 426 Failure writing network stream.", "< 226 ABOR successful.");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Abor_DuringATransfer_BridgeEndsFirst_Relays426Then226()
    {
        var driver = Passive();
        driver.Client("RETR big");
        driver.Server("150 Ok");
        driver.Client("ABOR");

        driver.Translator.OnTransferFinished(TransferOutcome.Aborted).Should().BeEmpty();
        Describe(driver.Server("426 Transfer aborted.")).Should().Equal("< 426 Transfer aborted.");
        Describe(driver.Server("226 ABOR successful.")).Should().Equal("< 226 ABOR successful.");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Abor_AsNetkitSendsIt_WithTheSynchInTheLine_AbortsTheTransfer()
    {
        var driver = Passive();
        driver.Client("RETR big");
        driver.Server("150 Ok");

        var line = FramedLine(Iac + Ip + Iac + Dm + "ABOR");

        line.Should().Be(Iac + Ip + Iac + Dm + "ABOR", "the framer passes Telnet bytes on; the command parser skips them");
        Describe(driver.Client(line)).Should().Equal("abort transfer", "> ABOR (urgent)");
    }

    [Fact]
    public void Abor_OvertakesQueuedCommands_WhichFollowAfterTheAbort()
    {
        var driver = Passive();
        driver.Client("RETR big");
        driver.Server("150 Ok");
        driver.Client("PWD").Should().BeEmpty();

        Describe(driver.Client("ABOR")).Should().Equal("abort transfer", "> ABOR (urgent)");
        driver.Server("426 Aborted.");
        driver.Server("226 ABOR ok.");

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Aborted)).Should().Equal(
            "< 426 Aborted.", "< 226 ABOR ok.", "> PWD");
    }

    [Fact]
    public void AborAgain_WhileTheFirstIsUnanswered_WaitsInTheQueue_AndIsBounded()
    {
        var driver = Passive();
        driver.Client("RETR big");
        driver.Server("150 Ok");
        Describe(driver.Client("ABOR")).Should().Equal("abort transfer", "> ABOR (urgent)");

        // A client repeating ABOR while the server is slow to answer the first: one urgent ABOR is
        // enough, and the others wait like any command, within the queue's limit, as they would at the server.
        driver.Client("ABOR").Should().BeEmpty();
        for (var i = 1; i < FtpLimits.MaxQueuedCommands; i++)
        {
            driver.Client("ABOR").Should().BeEmpty();
        }

        driver.Translator.CanAcceptClientInput.Should().BeFalse("the queue is full");
        driver.Server("426 Aborted.");
        driver.Server("226 ABOR ok.");
        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Aborted)).Should().Equal(
            "< 426 Aborted.", "< 226 ABOR ok.", "> ABOR");
        Describe(driver.Server("225 No transfer to abort.")).Should().Equal("< 225 No transfer to abort.", "> ABOR");
    }

    [Fact]
    public void Abor_AfterTheCompletionWasHeld_KeepsTheOrder_AndIsSentPlain()
    {
        // The server has finished: pure-ftpd, idle, ignores the urgent form (Telnet IP and Synch)
        // and never answers; a plain ABOR gets its 226 as from a client.
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Server("226 Transfer complete.");

        Describe(driver.Client("ABOR")).Should().Equal("abort transfer", "> ABOR");
        driver.Server("225 No transfer to ABOR.").Should().BeEmpty();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Aborted)).Should().Equal(
            "< 226 Transfer complete.", "< 225 No transfer to ABOR.");
    }

    [Fact]
    public void SecondPreliminaryReply_AfterTheBridgeEnded_IsTheTransfersLastWord()
    {
        // pure-ftpd ends a transfer whose data connection was reset with a last line coded 150
        // ("150 2.012 seconds (measured here), ..."); waiting for a 226 after it hung the session.
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Accepted data connection");
        driver.Translator.OnTransferFinished(TransferOutcome.Broken).Should().BeEmpty();

        Describe(driver.Server("150 2.012 seconds (measured here), 0.05 Mbytes per second")).Should().Equal(
            "< 426 Connection closed; transfer aborted.");
        driver.Translator.IsIdle.Should().BeTrue();
        Describe(driver.Client("PWD")).Should().Equal("> PWD");
    }

    [Fact]
    public void SecondPreliminaryReply_WhileTheBridgeRuns_IsRelayed_AndTheCompletionStillAwaited()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("125 Data connection already open");

        Describe(driver.Server("150 Still coming")).Should().Equal("< 150 Still coming");
        driver.Server("226 Done.").Should().BeEmpty();
        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done.");
    }

    [Fact]
    public void Abor_BeforeThe150_ReleasesTheDataChannels_AndRelaysBothReplies()
    {
        var driver = Passive();
        driver.Client("RETR big");

        Describe(driver.Client("ABOR")).Should().Equal("release", "> ABOR (urgent)");
        Describe(driver.Server("426 Aborted.")).Should().Equal("< 426 Aborted.", "release");
        Describe(driver.Server("226 ABOR ok.")).Should().Equal("< 226 ABOR ok.");
        driver.Translator.IsIdle.Should().BeTrue();
    }

    [Fact]
    public void Abor_WithNoTransfer_IsRelayedAsAnOrdinaryCommand()
    {
        var driver = LoggedIn();

        Describe(driver.Client("ABOR")).Should().Equal("> ABOR");
        Describe(driver.Server("225 No transfer to ABOR.")).Should().Equal("< 225 No transfer to ABOR.");
    }

    [Fact]
    public void UpstreamClosed_WhileTheCompletionIsHeld_Sends421AfterIt()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok", "226 Done");

        driver.Translator.OnUpstreamClosed().Should().BeEmpty();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal(
            "< 226 Done", UpstreamClosed, "release", "close");
    }

    [Fact]
    public void UpstreamClosed_DuringATransfer_LetsTheDataFinish_ThenSends421AndCloses()
    {
        // A direct client would still get every byte the server sent on the data connection.
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");

        driver.Translator.OnUpstreamClosed().Should().BeEmpty();
        driver.Translator.IsClosed.Should().BeFalse();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal(UpstreamClosed, "release", "close");
        driver.Translator.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void UpstreamClosed_DuringATransfer_CommandsThatArriveMeanwhile_GetThe421()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Translator.OnUpstreamClosed();

        driver.Client("PWD").Should().BeEmpty("nothing can be sent to a server that has gone");

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal(UpstreamClosed, "release", "close");
    }

    [Fact]
    public void UpstreamClosed_DuringATransfer_ThenAbor_AbortsIt_AndCloses()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Translator.OnUpstreamClosed();

        Describe(driver.Client("ABOR")).Should().Equal(UpstreamClosed, "abort transfer", "release", "close");
    }

    [Fact]
    public void UpstreamClosed_AfterAbor_ClosesAtOnce()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Client("ABOR");

        Describe(driver.Translator.OnUpstreamClosed()).Should().Equal(UpstreamClosed, "abort transfer", "release", "close");
    }

    [Fact]
    public void Server421_DuringATransfer_FollowsTheData_ThenCloses()
    {
        // A server announcing its end mid-transfer (shutdown): what it sent on the data connection
        // still reaches the client, as for a server that just closes; its own 421 comes after.
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");

        driver.Server("421 Server shutting down.").Should().BeEmpty();
        driver.Translator.CanAcceptUpstreamReply.Should().BeFalse("nothing more is read from a server that is leaving");

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 421 Server shutting down.", "release", "close");
        driver.Translator.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void Server421_AfterTheCompletionIsHeld_WaitsBehindIt()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok", "226 Done");

        driver.Server("421 Bye.").Should().BeEmpty();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done", "< 421 Bye.", "release", "close");
    }

    [Fact]
    public void Server421_DuringATransfer_ThenAbor_RelaysThe421AtOnce_WithoutAskingTheServer()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Server("421 Server shutting down.");

        Describe(driver.Client("ABOR")).Should().Equal("< 421 Server shutting down.", "abort transfer", "release", "close");
    }

    [Fact]
    public void Server421AndClose_BehindAHeldCompletion_GiveOne421()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok", "226 Done");
        driver.Server("421 Bye.");
        driver.Translator.OnUpstreamClosed();

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done", "< 421 Bye.", "release", "close");
    }

    [Fact]
    public void QuitDuringATransfer_WaitsForTheTransferToEnd()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Client("QUIT").Should().BeEmpty();
        driver.Server("226 Done");

        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done", "> QUIT");
        Describe(driver.Server("221 Bye")).Should().Equal("< 221 Bye", "release", "close");
    }

    [Fact]
    public void ClientGone_DuringATransfer_LetsItFinish_ThenSaysQuitAndCloses()
    {
        var driver = Passive();
        driver.Client("STOR f");
        driver.Server("150 Ok");

        driver.Translator.OnClientGone("client closed the connection").Should().BeEmpty("an upload in flight is the client's data: it reaches the server whole");
        driver.Server("226 Done").Should().BeEmpty();
        Describe(driver.Translator.OnTransferFinished(TransferOutcome.Completed)).Should().Equal("< 226 Done", "> QUIT", "release", "close");
    }

    [Fact]
    public void SecondFinishReport_IsIgnored()
    {
        var driver = Passive();
        driver.Client("RETR f");
        driver.Server("150 Ok");
        driver.Translator.OnTransferFinished(TransferOutcome.Completed);

        driver.Translator.OnTransferFinished(TransferOutcome.Broken).Should().BeEmpty();
        Describe(driver.Server("226 Done")).Should().Equal("< 226 Done");
    }
}
