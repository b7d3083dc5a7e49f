using System.Diagnostics;
using System.Net.Sockets;
using FtpProxy.Tests.Common;
using FtpProxy.Tests.Infrastructure;

namespace FtpProxy.Tests.Daemon;

/// <summary>The default admin socket lives in /tmp when XDG_RUNTIME_DIR is unset: another user may get there first.</summary>
public sealed class AdminSocketTrustTests
{
    private const int Nobody = 65534;

    [RootFact]
    public async Task SessionsList_DoesNotTalkToAnAdminSocketServedByAnotherUser()
    {
        await using var server = new FakeFtpServer();
        await using var foreign = ProxyProcess.StartDaemonAs(Nobody, "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString());
        await foreign.WaitForListeningAsync();

        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", foreign.AdminSocket);

        exitCode.Should().NotBe(0);
        output.Should().Contain($"served by another user (uid {Nobody})");
    }

    [RootFact]
    public async Task AStaleAdminSocketOfAnotherUser_IsNeitherRemovedNorUsed()
    {
        await using var server = new FakeFtpServer();
        var path = ProxyProcess.NewAdminSocketPath();
        try
        {
            // .NET removes the file of a socket it bound when it closes it; a hard link keeps one behind, as a killed daemon would.
            using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                stale.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
                await RunAsync("ln", path + ".bound", path);
            }

            await RunAsync("chown", $"{Nobody}", path);

            var (exitCode, output) = await ProxyProcess.RunToEndAsync(
                "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(), "--admin-socket", path);

            exitCode.Should().Be(1);
            output.Should().Contain($"belongs to another user (uid {Nobody})");
            File.Exists(path).Should().BeTrue();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        await process.WaitForExitAsync().WaitAsync(TestDeadline.Default);
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', args)} must succeed");
    }
}
