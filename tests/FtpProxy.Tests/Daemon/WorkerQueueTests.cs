using System.Diagnostics;
using FtpProxy.Admin;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>Runs alone: a storm of process starts would slow every other test's daemon.</summary>
[CollectionDefinition(nameof(WorkerQueueTests), DisableParallelization = true)]
public sealed class WorkerQueueRunsAlone;

/// <summary>Clients that find no spare worker ready queue for the next one.</summary>
[Collection(nameof(WorkerQueueTests))]
public sealed class WorkerQueueTests
{
    private const int Clients = 250;
    private static readonly TimeSpan BannerDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AdminDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task StormFarBeyondTheSpares_ButWithinTheLimits_EveryClientGetsItsBanner_AndTheAdminSocketKeepsAnswering()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--max-sessions", "500", "--max-per-ip", "500");
        var clients = new List<ScriptedFtpClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                clients.Add(await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false));
            }

            var banners = clients.Select(c => c.ReadReplyAsync(BannerDeadline)).ToList();
            var allBanners = Task.WhenAll(banners);
            var admin = new List<TimeSpan>();
            while (!allBanners.IsCompleted)
            {
                // One admin request every 200 ms at most while the storm lasts.
                admin.Add(await TimeOneListRequestAsync(daemon.AdminSocket));
                await Task.WhenAny(allBanners, Task.Delay(200));
            }

            (await allBanners).Select(b => b.Code).Should().AllBeEquivalentTo(220, "every client is within --max-sessions and --max-per-ip");
            admin.Should().NotBeEmpty("the admin socket is asked while the storm lasts");
            admin.Should().AllSatisfy(t => t.Should().BeLessThan(AdminDeadline, "the daemon stays responsive while workers start"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClientThatLeavesWhileWaitingForAWorker_NeverReachesTheServer_AndNoWorkerIsKeptBeyondTheSpares()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "0");
        var leaver = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
        await leaver.DisposeAsync();
        (await TestDeadline.UntilAsync(() => ProcessChildren.Of(daemon.Pid).Count == 1)).Should().BeTrue();
        var worker = ProcessChildren.Of(daemon.Pid).Single();

        (await TestDeadline.UntilAsync(() => DaemonProbe.IsGone(worker))).Should().BeTrue("--spare-workers 0 keeps no idle worker, even one started for a client who left");
        (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 0)).Should().BeEmpty();
        server.SessionsAccepted.Should().Be(0, "a client that has left never reaches the server");

        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await next.LoginAsync();
    }

    /// <summary>One `list` on the admin socket through the CLI's own client, in process (a `sessions list` process would itself be slow to start in a storm).</summary>
    private static async Task<TimeSpan> TimeOneListRequestAsync(string adminSocket)
    {
        var clock = Stopwatch.StartNew();
        var (response, error) = await AdminClient.SendAsync(adminSocket, new AdminRequest("list"));
        var elapsed = clock.Elapsed;
        if (elapsed < AdminDeadline)
        {
            response.Should().NotBeNull(error);
            response!.Ok.Should().BeTrue();
        }

        return elapsed;
    }
}
