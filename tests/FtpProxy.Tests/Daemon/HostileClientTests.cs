using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>What a client can do to its own worker before it has said a word.</summary>
public sealed class HostileClientTests
{
    [Fact]
    public async Task ClientResettingRightAfterConnecting_EndsItsSessionQuietly_WithoutCrashingItsWorker()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "1", "--log-level", "debug");

        // The worker is held while it is handed the client, which then resets: by the time the worker
        // looks at its socket, the peer is gone (the daemon itself hands no client it has seen leave).
        // The daemon looks once a second whether a client it holds for a worker that has not
        // reported yet has left; when that look falls between the reset and the resumed worker's
        // report, the daemon kills the worker instead, and that attempt tested nothing: the next
        // spare is held and the scenario runs again.
        var worker = 0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (var client, worker) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);
            client.Reset();
            ProxyProcess.Signal(worker, ProxyProcess.SigCont);

            var served = $"pid={worker}] Session ended";
            var killedByTheDaemon = $"Worker {worker} has not taken";
            (await TestDeadline.UntilAsync(() => daemon.Output.Any(line => line.Contains(served, StringComparison.Ordinal) || line.Contains(killedByTheDaemon, StringComparison.Ordinal))))
                .Should().BeTrue();
            (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("the worker has exited");
            var workerServed = daemon.Output.Any(line => line.Contains(served, StringComparison.Ordinal));
            if (workerServed && !daemon.Output.Any(line => line.Contains(killedByTheDaemon, StringComparison.Ordinal)))
            {
                break;
            }
        }

        daemon.Output.Should().Contain(line => line.Contains($"pid={worker}] Session ended", StringComparison.Ordinal));
        daemon.Output.Should().NotContain(line => line.Contains($"Worker {worker} has not taken", StringComparison.Ordinal), "the worker served the scenario to its end");
        daemon.Output.Should().NotContain(line => line.Contains($"Worker {worker} of session", StringComparison.Ordinal) && line.Contains("died with status", StringComparison.Ordinal));
        daemon.Output.Should().NotContain(line => line.Contains("Unhandled exception", StringComparison.Ordinal));

        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }
}
