using System.Net.Sockets;
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
        (await daemon.WaitForOutputAsync("is ready")).Should().BeTrue();
        var worker = ProcessChildren.Of(daemon.Pid).Single();

        // The worker is held while it is handed the client, which then resets: by the time the worker
        // looks at its socket, the peer is gone (the daemon itself hands no client it has seen leave).
        ProxyProcess.Signal(worker, ProxyProcess.SigStop);
        using (var client = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(daemon.ListenEndPoint!);
            await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 1 && rows[0].Pid == worker);
            client.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        ProxyProcess.Signal(worker, ProxyProcess.SigCont);

        (await daemon.WaitForOutputAsync("Session ended")).Should().BeTrue();
        (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("the worker has exited");
        daemon.Output.Should().NotContain(line => line.Contains("died with status") || line.Contains("Unhandled exception"));

        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }
}
