using System.Net;
using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Matrix;
using FtpProxy.Interop.Tests.Servers;
using FtpProxy.Tests.Common;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Flows;

/// <summary>
/// Issue 3's "done when", as a new user would try it: three `ftp -z nossl -d` sessions typed at on
/// terminals, one child process each, listed by `ftpproxy sessions list` with their users; kill -9
/// of one child leaves the other two working; a SIGINT lets a running download finish.
/// </summary>
public sealed class ThreeTerminalSessionsTests(ITestOutputHelper output)
{
    [InteropFact(InteropProgram.FtpSsl, InteropProgram.Script, InteropProgram.Pyftpdlib)]
    public async Task ThreeSessions_OneChildEach_SurviveASiblingsKill_AndADrain()
    {
        await using var ftpd = await FtpServers.StartAsync(ServerKind.Pyftpdlib, IPAddress.Loopback);
        var seeds = SeedFiles.WriteInto(ftpd.RootDirectory);
        using var work = new ScratchDirectory("three");
        await using var proxy = await OwnedProxy.StartAsync(ftpd.EndPoint);
        var terminals = new List<FtpSslTerminal>();
        try
        {
            SessionRow? first = null;
            for (var i = 0; i < 3; i++)
            {
                var terminal = FtpSslTerminal.Start(proxy.ListenEndPoint);
                terminals.Add(terminal);
                (await terminal.LogInAsync(FtpServerProcess.User, FtpServerProcess.Password)).Should().MatchRegex(@"(?m)^230[ -]");
                first ??= (await SessionRow.ListAsync(proxy.Process)).Single();
            }

            // `ps`: the daemon and one child per session; `sessions list` shows them with their users.
            var sessions = await SessionRow.ListAsync(proxy.Process);
            sessions.Should().HaveCount(3);
            sessions.Should().AllSatisfy(s => s.User.Should().Be(FtpServerProcess.User));
            sessions.Select(s => s.Pid).Should().OnlyHaveUniqueItems().And.NotContain(proxy.Pid);
            ProcessChildren.Of(proxy.Pid).Should().Contain(sessions.Select(s => s.Pid), "each session runs in a child of the daemon");

            // kill -9 of the first session's child: the other two go on.
            ProxyProcess.Signal(first!.Pid, ProxyProcess.SigKill);
            (await TestDeadline.UntilAsync(async () => (await SessionRow.ListAsync(proxy.Process)).Count == 2)).Should().BeTrue();
            (await terminals[1].CommandAsync("ls")).Should().Contain(SeedFiles.TwentyMiB);
            (await terminals[2].CommandAsync("ls")).Should().Contain(SeedFiles.TwentyMiB);

            // Ctrl-C to the daemon while the second session downloads: the download finishes, and the
            // daemon exits once both sessions have ended.
            await terminals[1].CommandAsync("binary");
            await terminals[1].TypeAsync($"get {SeedFiles.TwentyMiB} {work.Combine("during-drain.bin")}");
            ProxyProcess.Signal(proxy.Pid, ProxyProcess.SigInt);
            (await terminals[1].ExpectPromptAsync()).Should().MatchRegex(@"(?m)^226[ -]");
            Payload.Sha256(work.Combine("during-drain.bin")).Should().Be(seeds.TwentyMiBHash);
            (await proxy.Process.WaitForOutputAsync("draining")).Should().BeTrue();

            await terminals[1].TypeAsync("bye");
            await terminals[2].TypeAsync("bye");
            (await proxy.Process.WaitForExitAsync()).Should().Be(0, "a drained daemon exits 0");
        }
        finally
        {
            output.WriteLine($"--- proxy log ---\n{string.Join('\n', proxy.Log)}");
            for (var i = 0; i < terminals.Count; i++)
            {
                output.WriteLine($"--- terminal {i} ---\n{terminals[i].Screen}");
                await terminals[i].DisposeAsync();
            }
        }
    }
}
