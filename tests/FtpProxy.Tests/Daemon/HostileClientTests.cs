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
        var (client, worker) = await DaemonProbe.ConnectToAHeldSpareAsync(daemon);
        client.Reset();
        ProxyProcess.Signal(worker, ProxyProcess.SigCont);

        (await daemon.WaitForOutputAsync("Session ended")).Should().BeTrue();
        (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("the worker has exited");
        daemon.Output.Should().NotContain(line => line.Contains("died with status") || line.Contains("Unhandled exception"));

        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }
}
