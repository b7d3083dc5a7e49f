using System.Net;
using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Matrix;
using FtpProxy.Interop.Tests.Servers;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Flows;

/// <summary>ftp-ssl on a pseudo-terminal, typed at as a person would, through the proxy to each server.</summary>
public sealed class TerminalSessionTests(ITestOutputHelper output)
{
    public static TheoryData<ServerKind> Servers => new(FtpServers.Testable());

    [InteropTheory(InteropProgram.FtpSsl, InteropProgram.Script)]
    [MemberData(nameof(Servers))]
    public async Task TypedSession_LogsInAndTransfersInBothModes(ServerKind server)
    {
        InteropProgram.Require(FtpServers.ProgramOf(server));
        await using var ftpd = await FtpServers.StartAsync(server, IPAddress.Loopback);
        var seeds = SeedFiles.WriteInto(ftpd.RootDirectory);
        using var work = new ScratchDirectory("tty");
        var upload = work.Combine("up.bin");
        var uploadHash = Payload.Write(upload, Payload.MiB, seed: 99);
        await using var proxy = await OwnedProxy.StartAsync(ftpd.EndPoint);
        await using var terminal = FtpSslTerminal.Start(proxy.ListenEndPoint);
        try
        {
            (await terminal.LogInAsync(FtpServerProcess.User, FtpServerProcess.Password)).Should().MatchRegex(@"(?m)^230[ -]", "the login succeeded");

            await terminal.CommandAsync("binary");
            (await terminal.CommandAsync("passive")).Should().Contain("Passive mode on.");
            (await terminal.CommandAsync("ls")).Should().Contain(SeedFiles.TwentyMiB);
            await terminal.CommandAsync($"get {SeedFiles.OneMiB} {work.Combine("p.bin")}");
            await terminal.CommandAsync($"put {upload} tty-up.bin");
            (await terminal.CommandAsync("passive")).Should().Contain("Passive mode off.");
            await terminal.CommandAsync($"get {SeedFiles.TwentyMiB} {work.Combine("a.bin")}");
            await terminal.TypeAsync("bye");
            (await terminal.WaitForExitAsync()).Should().Be(0);
        }
        finally
        {
            output.WriteLine($"--- terminal ---\n{terminal.Screen}\n--- proxy log ---\n{string.Join('\n', proxy.Log)}");
            output.WriteLine($"--- {server} command log ---\n{ftpd.ReadCommandLog()}");
        }

        var screen = new Transcript(terminal.Screen);
        screen.DataCommandsSent.Should().Equal(["PASV", "PASV", "PASV", "PORT"], "ls/get/put in passive mode, then get in active mode");
        screen.CompletionCount.Should().Be(4, "four transfers, each with a final 226");
        Payload.Sha256(work.Combine("p.bin")).Should().Be(seeds.OneMiBHash);
        Payload.Sha256(work.Combine("a.bin")).Should().Be(seeds.TwentyMiBHash);
        Payload.Sha256(Path.Combine(ftpd.RootDirectory, "tty-up.bin")).Should().Be(uploadHash);
        var received = await ftpd.ReceivedCommandsAsync(LogMark.Start, c => c.Verb == "QUIT");
        received.Select(c => c.Verb).Should().NotContain(["PORT", "EPRT"]).And.Contain("QUIT", "the log is complete");
    }
}
