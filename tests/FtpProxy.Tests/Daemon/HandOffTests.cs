using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>
/// The hand-off of a client to a worker, between the daemon's sendmsg and the worker's "started":
/// the daemon keeps the client until then, so a worker that dies first costs it nothing.
/// </summary>
public sealed class HandOffTests
{
    [Fact]
    public async Task SpareThatDiesBeforeTakingTheClientHandedToIt_TheClientIsServedByAnotherWorker()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "1", "--log-level", "debug");
        var (client, spare) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);
        await using var _ = client;

        // Killed before it reads the client: the OOM killer, an operator's kill, a crash at the wrong moment.
        ProxyProcess.Signal(spare, ProxyProcess.SigKill);

        (await client.ReadReplyAsync()).Code.Should().Be(220, "the daemon still holds the client until a worker has taken it");
        await client.LoginAsync();
        var session = await DaemonProbe.TheLoggedInSessionAsync(daemon);
        session.Pid.Should().NotBe(spare);
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);
    }

    [Fact]
    public async Task WorkerHeldAfterBeingHandedAClient_KeepsIt_HoweverLongItIsHeld()
    {
        // Longer than any timer the daemon might set on a hand-off: a worker that has the client may
        // already be talking to it, so handing that client to a second worker would make two sessions of it.
        var heldFor = TimeSpan.FromSeconds(12);
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "1", "--log-level", "debug");
        var (client, spare) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);
        await using var _ = client;

        await Task.Delay(heldFor); // the scenario itself (a long stop), not a wait for the daemon
        ProxyProcess.Signal(spare, ProxyProcess.SigCont);

        (await client.ReadReplyAsync()).Code.Should().Be(220);
        await client.LoginAsync();
        (await DaemonProbe.TheLoggedInSessionAsync(daemon)).Pid.Should().Be(spare);
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);
    }

    [Fact]
    public async Task ClientThatLeavesWhileItsHeldWorkerHasNotTakenIt_FreesItsPlace()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "1", "--max-sessions", "1", "--log-level", "debug");
        var (client, spare) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);

        await client.DisposeAsync();

        (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("a client gone before its worker took it holds no place under --max-sessions");
        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(spare))).Should().BeTrue("the held worker was taken from it");
        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }

    [Fact]
    public async Task KickWhileTheHeldWorkerHasNotTakenItsClient_AnswersTheClient()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "1", "--log-level", "debug");
        var (client, _) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);
        await using var __ = client;
        var id = (await SessionRow.ListAsync(daemon)).Single().Id;

        var (exitCode, _) = await ProxyProcess.RunToEndAsync("sessions", "kick", id, "--admin-socket", daemon.AdminSocket);

        exitCode.Should().Be(0);
        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await client.WaitForCloseAsync()).Should().BeTrue();
        (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty();
    }
}
