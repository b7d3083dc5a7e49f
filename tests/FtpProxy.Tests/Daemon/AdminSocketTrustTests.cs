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
    public async Task SessionsList_AtTheDefaultPath_DoesNotTalkToADaemonOfAnotherUser()
    {
        // The default path may be in the shared /tmp, where anyone can bind it first. XDG_RUNTIME_DIR
        // stands in for that shared place here, so that the test does not touch the machine's real default.
        await using var server = new FakeFtpServer();
        var shared = Directory.CreateTempSubdirectory("ftpproxy-test-");
        try
        {
            File.SetUnixFileMode(shared.FullName, (UnixFileMode)0x3FF); // rwxrwxrwx, like /tmp
            var defaultPath = Path.Combine(shared.FullName, "ftpproxy.sock");
            await using var foreign = ProxyProcess.StartAs(Nobody, "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(), "--admin-socket", defaultPath);
            await foreign.WaitForListeningAsync();

            var (exitCode, output) = await ProxyProcess.RunToEndAsync(
                new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = shared.FullName }, "sessions", "list");

            exitCode.Should().NotBe(0);
            output.Should().Contain($"served by another user (uid {Nobody})");
        }
        finally
        {
            shared.Delete(recursive: true);
        }
    }

    [RootFact]
    public async Task SessionsList_AtAPathTheUserNames_ManagesADaemonRunningAsTheSocketsOwner()
    {
        // Root managing a daemon that runs as a service user: sudo ftpproxy sessions list --admin-socket PATH.
        await using var server = new FakeFtpServer();
        await using var service = ProxyProcess.StartDaemonAs(Nobody, "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString());
        await service.WaitForListeningAsync();
        await using var client = await ScriptedFtpClient.ConnectAsync(service.ListenEndPoint!);
        await client.LoginAsync("ann");

        (await DaemonProbe.ListUntilAsync(service, rows => rows.Count == 1 && rows[0].User == "ann")).Should().ContainSingle();
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
