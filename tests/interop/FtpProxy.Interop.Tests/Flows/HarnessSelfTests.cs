using System.Net;
using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Matrix;
using FtpProxy.Interop.Tests.Servers;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Flows;

/// <summary>
/// Controls for the matrix's log-based checks, so a parser that matches nothing cannot make them pass vacuously:
/// with `--upstream-mode active` the proxy does send PORT/EPRT, and each server's command log must show it;
/// and where a server logs its replies, the 227/229 ports read from its log match the proxy's "S&gt;" lines.
/// </summary>
public sealed class HarnessSelfTests(ITestOutputHelper output)
{
    public static TheoryData<ServerKind> Servers => new(FtpServers.Testable());

    [InteropTheory(InteropProgram.Curl)]
    [MemberData(nameof(Servers))]
    public async Task CommandLog_ShowsPortOrEprt_WhenTheProxyOpensUpstreamDataActively(ServerKind server)
    {
        InteropProgram.Require(FtpServers.ProgramOf(server));
        await using var ftpd = await FtpServers.StartAsync(server, IPAddress.Loopback);
        SeedFiles.WriteInto(ftpd.RootDirectory);

        var run = await RetrieveThroughProxyAsync(ftpd, "--upstream-mode", "active");

        var received = await ftpd.ReceivedCommandsAsync(LogMark.Start, c => c.Verb == "RETR");
        output.WriteLine($"--- transcript ---\n{run.Transcript}\n--- {server} command log ---\n{ftpd.ReadCommandLog()}");
        received.Select(c => c.Verb).Should().Contain("USER", "the command-log parser reads this server's format");
        received.Select(c => c.Verb).Should().Contain(v => v == "PORT" || v == "EPRT", "the check \"the server never received PORT/EPRT\" can see one");
    }

    [InteropTheory(InteropProgram.Curl)]
    [MemberData(nameof(Servers))]
    public async Task ServerLog_PassivePorts_MatchTheProxysView(ServerKind server)
    {
        InteropProgram.Require(FtpServers.ProgramOf(server));
        await using var ftpd = await FtpServers.StartAsync(server, IPAddress.Loopback);
        SeedFiles.WriteInto(ftpd.RootDirectory);

        await using var proxy = await OwnedProxy.StartAsync(ftpd.EndPoint);
        var run = await RetrieveAsync(proxy);
        await proxy.WaitForSessionEndAsync();

        var fromProxy = ProxyLog.UpstreamPassivePorts(proxy.Log);
        output.WriteLine($"--- transcript ---\n{run.Transcript}\n--- proxy log ---\n{string.Join('\n', proxy.Log)}");
        fromProxy.Should().ContainSingle("one RETR, one upstream EPSV/PASV");
        if (ftpd.LogsReplies)
        {
            await ftpd.ReceivedCommandsAsync(LogMark.Start, c => c.Verb == "RETR");
            ftpd.AdvertisedPassivePorts().Should().Equal(fromProxy);
        }
    }

    private static async Task<ProcessRun> RetrieveThroughProxyAsync(FtpServerProcess ftpd, params string[] proxyArgs)
    {
        await using var proxy = await OwnedProxy.StartAsync(ftpd.EndPoint, proxyArgs);
        var run = await RetrieveAsync(proxy);
        await proxy.WaitForSessionEndAsync();
        return run;
    }

    private static async Task<ProcessRun> RetrieveAsync(OwnedProxy proxy)
    {
        using var work = new ScratchDirectory("self");
        var job = new ClientJob(proxy.ListenEndPoint, ClientDataMode.Passive, ClientOperation.Retrieve)
        {
            RemoteName = SeedFiles.OneMiB,
            LocalPath = work.Combine("got.bin"),
            WorkDirectory = work.Path,
        };
        return (await FtpClients.For(ClientKind.Curl).RunAsync(job)).Process;
    }
}
