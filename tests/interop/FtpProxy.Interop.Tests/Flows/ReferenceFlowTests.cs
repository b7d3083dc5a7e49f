using System.Net;
using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Matrix;
using FtpProxy.Interop.Tests.Servers;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Flows;

/// <summary>
/// The seeds' reference flow: ftp-ssl in its default active mode, through the proxy, toggling `passive` on and
/// off several times in one session with transfers in between; every byte identical, every mode as asked.
/// </summary>
public sealed class ReferenceFlowTests(ITestOutputHelper output)
{
    private const string Upload = "up.bin";

    /// <summary>Each line typed, and the data command ftp-ssl must send for it (null: no transfer).</summary>
    private static readonly (string Line, string? DataCommand)[] Steps =
    [
        ("binary", null),
        ($"get {SeedFiles.OneMiB} a1.bin", "PORT"),
        ("passive", null),
        ($"get {SeedFiles.TwentyMiB} p1.bin", "PASV"),
        ($"put {Upload} ref-1.bin", "PASV"),
        ("passive", null),
        ($"put {Upload} ref-2.bin", "PORT"),
        ("ls", "PORT"),
        ("passive", null),
        ("ls", "PASV"),
        ($"get {SeedFiles.Empty} p2.bin", "PASV"),
        ("passive", null),
        ($"get {SeedFiles.TwentyMiB} a2.bin", "PORT"),
        ("passive", null),
        ($"get {SeedFiles.OneMiB} p3.bin", "PASV"),
        ("quit", null),
    ];

    [InteropFact(InteropProgram.FtpSsl, InteropProgram.Pyftpdlib)]
    public Task FtpSsl_TogglingPassive_ThroughProxyToPyftpdlib_IsByteIdentical() => RunAsync(ServerKind.Pyftpdlib);

    [InteropFact(InteropProgram.FtpSsl, InteropProgram.Vsftpd)]
    public Task FtpSsl_TogglingPassive_ThroughProxyToVsftpd_IsByteIdentical() => RunAsync(ServerKind.Vsftpd);

    private async Task RunAsync(ServerKind kind)
    {
        InteropProgram.Require(InteropProgram.FtpSsl, FtpServers.ProgramOf(kind));
        await using var server = await FtpServers.StartAsync(kind, IPAddress.Loopback);
        var seeds = SeedFiles.WriteInto(server.RootDirectory);
        using var work = new ScratchDirectory("reference");
        var uploadHash = Payload.Write(work.Combine(Upload), Payload.MiB, seed: 77);
        await using var proxy = await OwnedProxy.StartAsync(server.EndPoint);

        var script = $"user {FtpServerProcess.User} {FtpServerProcess.Password}\n" + string.Concat(Steps.Select(s => s.Line + "\n"));
        var run = await BoundedProcess.RunAsync(
            new ProcessCommand(InteropProgram.FtpSslPath, FtpSslDriver.Arguments("127.0.0.1", proxy.ListenEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                StandardInput = script,
                WorkingDirectory = work.Path,
            },
            TimeSpan.FromSeconds(120));
        await proxy.WaitForSessionEndAsync();
        var transcript = new Transcript(run.Transcript);
        output.WriteLine($"--- ftp-ssl stdin ---\n{script}--- transcript ---\n{transcript}\n--- proxy log ---\n{string.Join('\n', proxy.Log)}");
        output.WriteLine($"--- {kind} command log ---\n{server.ReadCommandLog()}");

        var expectedCommands = Steps.Where(s => s.DataCommand is not null).Select(s => s.DataCommand!).ToList();
        transcript.DataCommandsSent.Should().Equal(expectedCommands, "ftp-ssl starts active and each `passive` toggles the mode");
        transcript.CompletionCount.Should().Be(expectedCommands.Count, "every transfer ends with a 226");
        transcript.Text.Split('\n').Where(l => l.StartsWith("Passive mode ", StringComparison.Ordinal))
            .Should().Equal("Passive mode on.", "Passive mode off.", "Passive mode on.", "Passive mode off.", "Passive mode on.");

        Payload.Sha256(work.Combine("a1.bin")).Should().Be(seeds.OneMiBHash);
        Payload.Sha256(work.Combine("p1.bin")).Should().Be(seeds.TwentyMiBHash);
        Payload.Sha256(work.Combine("p2.bin")).Should().Be(seeds.EmptyHash);
        Payload.Sha256(work.Combine("a2.bin")).Should().Be(seeds.TwentyMiBHash);
        Payload.Sha256(work.Combine("p3.bin")).Should().Be(seeds.OneMiBHash);
        Payload.Sha256(Path.Combine(server.RootDirectory, "ref-1.bin")).Should().Be(uploadHash);
        Payload.Sha256(Path.Combine(server.RootDirectory, "ref-2.bin")).Should().Be(uploadHash);

        var received = (await server.ReceivedCommandsAsync(LogMark.Start, c => c.Verb == "QUIT")).Select(c => c.Verb).ToList();
        received.Should().NotContain(["PORT", "EPRT"], "the proxy opens every upstream data connection passively");
        received.Count(v => v is "PASV" or "EPSV").Should().Be(expectedCommands.Count, "one upstream PASV/EPSV per transfer (positive control)");
    }
}
