using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

public sealed class ProcessModelTests
{
    [Fact]
    public async Task ThreeSessions_RunInThreeDistinctChildProcesses_NotInTheDaemon()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        var clients = new List<ScriptedFtpClient>();
        foreach (var user in new[] { "ann", "bob", "cyd" })
        {
            var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
            await client.LoginAsync(user);
            clients.Add(client);
        }

        var rows = await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 3 && r.All(s => s.User.Length > 0));

        rows.Select(r => r.User).Should().BeEquivalentTo("ann", "bob", "cyd");
        rows.Select(r => r.Pid).Should().OnlyHaveUniqueItems().And.NotContain(daemon.Pid);
        rows.Should().AllSatisfy(r => DaemonProbe.ParentOf(r.Pid).Should().Be(daemon.Pid));
        foreach (var client in clients)
        {
            (await client.CommandAsync("QUIT")).Code.Should().Be(221);
            await client.DisposeAsync();
        }

        (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 0)).Should().BeEmpty();
    }

    [Fact]
    public async Task KillingOneChild_MidDownload_LeavesTheOtherDownloadsIntact_AndTheDaemonServing()
    {
        await using var server = new FakeFtpServer();
        var content = RandomNumberGenerator.GetBytes(32 * 1024 * 1024);
        server.Files["big.bin"] = content;
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "3");
        var transfers = new List<(ScriptedFtpClient Client, Socket Data, byte[] Head)>();
        foreach (var user in new[] { "victim", "keep1", "keep2" })
        {
            var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
            await client.LoginAsync(user);
            var (data, head) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 1024 * 1024);
            transfers.Add((client, data, head));
        }

        var rows = await DaemonProbe.ListUntilAsync(daemon, r => r.Count(s => s.State == "transferring") == 3);
        var victimPid = rows.Single(r => r.User == "victim").Pid;
        ProxyProcess.Signal(victimPid, ProxyProcess.SigKill);

        foreach (var (client, data, head) in transfers.Skip(1))
        {
            var rest = await ScriptedFtpClient.ReadToEndAsync(data);
            SHA256.HashData([.. head, .. rest]).Should().Equal(SHA256.HashData(content));
            (await client.ReadReplyAsync()).Code.Should().Be(226);
        }

        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(victimPid))).Should().BeTrue();
        (await daemon.WaitForOutputAsync("died with status")).Should().BeTrue("the daemon logs the child's death");
        await using var fresh = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await fresh.LoginAsync();
        daemon.HasExited.Should().BeFalse();
        foreach (var (client, data, _) in transfers)
        {
            data.Dispose();
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task DaemonKilled_SessionInProgressFinishes_AndIdleWorkersExit()
    {
        await using var server = new FakeFtpServer();
        var content = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        server.Files["big.bin"] = content;
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "2");
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var (data, head) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 1024 * 1024);
        using var ownedData = data;
        var sessionPid = (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1))[0].Pid;
        (await TestDeadline.UntilAsync(() => ProcessChildren.Of(daemon.Pid).Count >= 3)).Should().BeTrue();
        var spares = ProcessChildren.Of(daemon.Pid).Where(pid => pid != sessionPid).ToList();

        daemon.Signal(ProxyProcess.SigKill);

        var rest = await ScriptedFtpClient.ReadToEndAsync(data);
        SHA256.HashData([.. head, .. rest]).Should().Equal(SHA256.HashData(content));
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);
        (await TestDeadline.UntilAsync(() => spares.All(DaemonProbe.IsGone))).Should().BeTrue("idle workers see end of stream and exit");
        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(sessionPid))).Should().BeTrue("the session's worker exits when its session ends");
    }

    [Fact]
    public async Task Sigterm_LetsARunningTransferFinish_ThenExits0()
    {
        await using var server = new FakeFtpServer();
        var content = RandomNumberGenerator.GetBytes(32 * 1024 * 1024);
        server.Files["big.bin"] = content;
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var (data, head) = await client.StartDownloadAsync(DataMode.Port, "RETR big.bin", headBytes: 1024 * 1024);
        using var ownedData = data;

        daemon.Signal(ProxyProcess.SigTerm);
        (await daemon.WaitForOutputAsync("draining")).Should().BeTrue();

        var rest = await ScriptedFtpClient.ReadToEndAsync(data);
        SHA256.HashData([.. head, .. rest]).Should().Equal(SHA256.HashData(content));
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);
        (await daemon.WaitForExitAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")] // no drain: sessions end at the signal
    public async Task DrainTimeout_EndsSessionsThatDoNotFinish_With421(string seconds)
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--drain-timeout", seconds);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        await DaemonProbe.TheLoggedInSessionAsync(daemon);

        daemon.Signal(ProxyProcess.SigTerm);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await daemon.WaitForExitAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData(ProxyProcess.SigTerm)]
    [InlineData(ProxyProcess.SigInt)]
    [InlineData(ProxyProcess.SigHup)] // the terminal closed: the daemon has no configuration file to reload
    public async Task DrainTimeoutLongerThanTwoSeconds_IsHonoured_ThenSessionsGet421_AndTheExitIs0(int signal)
    {
        // System.CommandLine ends a process two seconds after SIGINT/SIGTERM unless told not to;
        // the daemon's own drain must be what decides.
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--drain-timeout", "3");
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        await DaemonProbe.TheLoggedInSessionAsync(daemon);

        daemon.Signal(signal);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await daemon.WaitForExitAsync()).Should().Be(0);
    }

    [Fact]
    public async Task DaemonKilled_ThenSigtermToASessionWorker_EndsItsSessionWith421()
    {
        // With the daemon gone nobody drains the sessions: `systemctl stop` of a unit whose daemon
        // died, or an administrator's kill, must still end them, the FTP way.
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var session = await DaemonProbe.TheLoggedInSessionAsync(daemon);

        daemon.Signal(ProxyProcess.SigKill);
        (await daemon.WaitForOutputAsync("Daemon gone")).Should().BeTrue();
        daemon.Output.Where(line => line.Contains("Daemon gone", StringComparison.Ordinal))
            .Should().OnlyContain(line => line.Contains($"user={session.User}", StringComparison.Ordinal), "every line of a logged-in session names its user");
        ProxyProcess.Signal(session.Pid, ProxyProcess.SigTerm);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(session.Pid))).Should().BeTrue("the session's worker exits when its session ends");
        daemon.Output.Should().Contain(line => line.Contains("Session ended: SIGTERM with the daemon gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigtermToASessionWorker_BeforeItsDaemonDies_EndsTheSessionOnceTheDaemonIsGone()
    {
        // systemd sends its SIGTERM the moment the daemon dies, before a worker has read the end of
        // its channel. Sent while the daemon still lives, the signal is certain to come first: the
        // session must go on while the daemon decides, and end once nobody is left to.
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var session = await DaemonProbe.TheLoggedInSessionAsync(daemon);

        ProxyProcess.Signal(session.Pid, ProxyProcess.SigTerm);
        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
        daemon.Signal(ProxyProcess.SigKill);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(session.Pid))).Should().BeTrue("the session's worker exits when its session ends");
    }

    [Theory]
    [InlineData(ProxyProcess.SigInt)]
    [InlineData(ProxyProcess.SigTerm)]
    [InlineData(ProxyProcess.SigHup)]
    public async Task SignalSentToTheWholeProcessGroup_DoesNotKillASessionWorker(int signal)
    {
        // Ctrl-C in a terminal, closing the terminal (SIGHUP) and `systemctl stop` (KillMode=control-group)
        // signal every process of the group, workers included: the daemon's drain must decide when their sessions end.
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var session = await DaemonProbe.TheLoggedInSessionAsync(daemon);

        ProxyProcess.Signal(session.Pid, signal);

        (await client.CommandAsync("NOOP")).Code.Should().Be(200);
        daemon.Output.Should().NotContain(line => line.Contains("died", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProxyProcess.SigInt)]
    [InlineData(ProxyProcess.SigTerm)]
    [InlineData(ProxyProcess.SigHup)]
    public async Task SigintDuringADrain_EndsAtOnce_AndRunningSessionsGet421(int first)
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--drain-timeout", "600");
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        await DaemonProbe.TheLoggedInSessionAsync(daemon);

        daemon.Signal(first);
        (await daemon.WaitForOutputAsync("draining")).Should().BeTrue();
        daemon.Signal(ProxyProcess.SigInt);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await daemon.WaitForExitAsync()).Should().Be(0);
    }

    [Fact]
    public async Task SessionStillWaitingForAColdWorker_AtShutdown_Gets421_AndNoWorkerOutlivesTheDaemon()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "0", "--drain-timeout", "1");
        // Hold the cold-started worker before it is ready, so the shutdown overtakes its hand-off.
        var (client, worker, _) = await DaemonProbe.ConnectWithItsWorkerHeldAsync(daemon);
        await using var owned = client;
        daemon.Signal(ProxyProcess.SigTerm);
        (await daemon.WaitForOutputAsync("Stopped")).Should().BeTrue();
        ProxyProcess.Signal(worker, ProxyProcess.SigCont);

        var reply = await client.ReadReplyAsync();
        reply.Code.Should().Be(421);
        reply.Text.Should().Contain("shutting down");
        (await daemon.WaitForExitAsync()).Should().Be(0);
        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(worker))).Should().BeTrue("no session may run on after the daemon");
    }

    [Fact]
    public async Task SpareWorkerKilled_IsReplaced_WithoutWaitingForAClient()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "2");
        (await TestDeadline.UntilAsync(() => ProcessChildren.Of(daemon.Pid).Count == 2)).Should().BeTrue();
        var spares = ProcessChildren.Of(daemon.Pid);

        ProxyProcess.Signal(spares[0], ProxyProcess.SigKill);

        (await TestDeadline.UntilAsync(() => ProcessChildren.Of(daemon.Pid).Any(pid => !spares.Contains(pid))))
            .Should().BeTrue("the daemon keeps --spare-workers started, so the next client does not wait for a process start");
    }
}
