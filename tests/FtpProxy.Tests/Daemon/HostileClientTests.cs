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
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);

        // An RST instead of a FIN: by the time the worker looks at the socket it has no peer any more.
        using (var client = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(daemon.ListenEndPoint!);
            client.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        (await daemon.WaitForOutputAsync("Session ended")).Should().BeTrue();
        (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("the worker has exited");
        daemon.Output.Should().NotContain(line => line.Contains("died with status") || line.Contains("Unhandled exception"));

        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }
}
