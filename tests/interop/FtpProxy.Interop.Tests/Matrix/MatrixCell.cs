using System.Net;
using FluentAssertions.Execution;
using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Servers;
using FtpProxy.Tests.Common;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// One cell: a real client → a fresh ftpproxy (--log-level debug) → a shared real server. Checks, each with the
/// evidence in the test output: the bytes (SHA-256; for STOR the file on the server's disk), the client's 226,
/// that the client used the mode asked for, that the server never received PORT/EPRT (and did receive PASV/EPSV),
/// and that a passive client was given a port of the proxy's, not one the server announced.
/// </summary>
internal sealed class MatrixCell(ClientKind client, ClientDataMode mode, MatrixOperation operation, NetworkPath network)
{
    private static readonly string[] ActiveCommands = ["PORT", "EPRT", "LPRT"];
    private static readonly string[] PassiveCommands = ["PASV", "EPSV", "LPSV"];
    private static readonly string[] ListingCommands = ["LIST", "NLST", "MLSD"];

    public override string ToString() => $"{client} {mode} {operation} network {network}";

    public async Task RunAsync(ServerFixture fixture, ITestOutputHelper output)
    {
        var driver = FtpClients.For(client);
        // Rows with a missing program exist only with FTPPROXY_INTEROP_REQUIRED=1: fail loudly then.
        InteropProgram.Require(driver.Program, FtpServers.ProgramOf(fixture.Kind));

        var seeded = await fixture.GetAsync(network.ServerAddress());
        var server = seeded.Server;
        using var work = new ScratchDirectory("cell");

        var mark = server.Mark();
        await using var proxy = await network.StartProxyAsync(server.EndPoint);
        var job = CreateJob(work, proxy.ListenEndPoint, out var storedHash);
        ClientRun? run = null;
        try
        {
            run = await driver.RunAsync(job);
        }
        finally
        {
            // Let the proxy finish logging the session (the client may close without QUIT, like wget).
            await proxy.WaitForSessionEndAsync();
            if (run is null)
            {
                // The client failed to finish (its deadline passed and it was killed): the exception carries its
                // transcript so far; the other two sides of the story go to the test output.
                output.WriteLine($"--- proxy log ---\n{string.Join('\n', proxy.Log)}");
                output.WriteLine($"--- server command log (this cell) ---\n{server.ReadCommandLog(mark)}");
            }
        }

        var proxyLog = proxy.Log;
        var transcript = new Transcript(run.Transcript);
        // Everything the checks look for (PASV/EPSV, PORT/EPRT, the 227/229) comes before the transfer command.
        var received = await server.ReceivedCommandsAsync(mark, c => TransferCommands(job.Operation).Contains(c.Verb));

        output.WriteLine($"cell: {this}; server {server}; proxy {proxy.ListenEndPoint} (pid {proxy.Pid})");
        output.WriteLine($"client: {run.Process.Command} -> exit {run.ExitCode} in {run.Process.Elapsed.TotalSeconds:F1} s");
        if (run.Process.Command.StandardInput is { } stdin)
        {
            output.WriteLine($"--- client stdin ---\n{stdin}");
        }

        output.WriteLine($"--- client transcript ---\n{transcript}");
        output.WriteLine($"--- proxy log ---\n{string.Join('\n', proxyLog)}");
        output.WriteLine($"--- server command log (this cell) ---\n{server.ReadCommandLog(mark)}");

        using (new AssertionScope(ToString()))
        {
            run.ExitCode.Should().Be(0, "the client must report success");
            transcript.CompletionCount.Should().BeGreaterThan(0, "the client transcript must show a final \"226 \" reply");
            CheckMode(transcript);
            await CheckContentAsync(run, job, seeded, storedHash);
            CheckServerCommands(received, job.Operation);
            if (mode == ClientDataMode.Passive)
            {
                CheckPassivePorts(transcript, proxyLog, server.AdvertisedPassivePorts(mark));
            }
        }
    }

    private ClientJob CreateJob(ScratchDirectory work, IPEndPoint proxy, out string? storedHash)
    {
        storedHash = null;
        var job = new ClientJob(proxy, mode, ClientOperation.List)
        {
            WorkDirectory = work.Path,
            LocalPath = work.Combine("listing.txt"),
            Timeout = operation == MatrixOperation.Retrieve20MiB ? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(60),
        };
        switch (operation)
        {
            case MatrixOperation.Retrieve1MiB:
                return job with { Operation = ClientOperation.Retrieve, RemoteName = SeedFiles.OneMiB, LocalPath = work.Combine("got.bin") };
            case MatrixOperation.Retrieve20MiB:
                return job with { Operation = ClientOperation.Retrieve, RemoteName = SeedFiles.TwentyMiB, LocalPath = work.Combine("got.bin") };
            case MatrixOperation.RetrieveEmpty:
                return job with { Operation = ClientOperation.Retrieve, RemoteName = SeedFiles.Empty, LocalPath = work.Combine("got.bin") };
            case MatrixOperation.Store1MiB:
                var local = work.Combine("upload.bin");
                // A different payload per cell, so no cell can pass on a file another cell stored.
                storedHash = Payload.Write(local, Payload.MiB, seed: ((int)client * 100) + ((int)mode * 10) + (int)network + 1000);
                var remote = $"stor-{client}-{mode}-{network}.bin".ToLowerInvariant();
                return job with { Operation = ClientOperation.Store, RemoteName = remote, LocalPath = local };
            default:
                return job;
        }
    }

    private void CheckMode(Transcript transcript)
    {
        var sent = transcript.DataCommandsSent;
        var (wanted, unwanted) = mode == ClientDataMode.Active ? (ActiveCommands, PassiveCommands) : (PassiveCommands, ActiveCommands);
        sent.Should().Contain(c => wanted.Contains(c), $"a {mode} client sends {string.Join('/', wanted)} (transcript commands: {string.Join(", ", sent)})");
        sent.Should().NotContain(c => unwanted.Contains(c), $"a {mode} client must not fall back to the other mode");
    }

    private static async Task CheckContentAsync(ClientRun run, ClientJob job, SeededServer server, string? storedHash)
    {
        switch (job.Operation)
        {
            case ClientOperation.List:
                foreach (var name in SeedFiles.Names)
                {
                    run.Listing.Should().Contain(name, "the listing shows every seeded file");
                }

                break;
            case ClientOperation.Retrieve:
                File.Exists(job.LocalPath).Should().BeTrue("the client writes the retrieved file");
                if (File.Exists(job.LocalPath))
                {
                    Payload.Sha256(job.LocalPath).Should().Be(server.Files.HashOf(job.RemoteName), "the retrieved file is byte-identical to {0} on the server", job.RemoteName);
                }

                break;
            case ClientOperation.Store:
                var onDisk = Path.Combine(server.Server.RootDirectory, job.RemoteName);
                // The 226 comes after the server closed the file, but a server's session process may lag its log: poll briefly.
                await TestDeadline.UntilAsync(() => File.Exists(onDisk) && Payload.Sha256(onDisk) == storedHash, TimeSpan.FromSeconds(5));
                File.Exists(onDisk).Should().BeTrue("the uploaded file is on the server's disk at {0}", onDisk);
                if (File.Exists(onDisk))
                {
                    Payload.Sha256(onDisk).Should().Be(storedHash, "the file on the server's disk is byte-identical to the upload");
                }

                break;
        }
    }

    private static void CheckServerCommands(IReadOnlyList<ServerCommand> received, ClientOperation operation)
    {
        var verbs = received.Select(c => c.Verb).ToList();
        var transfer = TransferCommands(operation);
        verbs.Should().Contain(v => transfer.Contains(v), "the server's log shows the {0} of this cell", string.Join('/', transfer));
        verbs.Should().NotContain(v => ActiveCommands.Contains(v), "the proxy opens upstream data connections passively: the server must never receive PORT/EPRT (received: {0})", string.Join(", ", received));
        verbs.Should().Contain(v => PassiveCommands.Contains(v), "positive control: the server's log does show the proxy's PASV/EPSV");
    }

    private static string[] TransferCommands(ClientOperation operation) => operation switch
    {
        ClientOperation.List => ListingCommands,
        ClientOperation.Retrieve => ["RETR"],
        _ => ["STOR"],
    };

    private static void CheckPassivePorts(Transcript transcript, IReadOnlyList<string> proxyLog, IReadOnlyList<int> serverLogged)
    {
        var offered = transcript.PassivePortsOffered;
        var advertised = ProxyLog.UpstreamPassivePorts(proxyLog).Concat(serverLogged).ToHashSet();
        offered.Should().NotBeEmpty("the client printed the 227/229 the proxy gave it");
        advertised.Should().NotBeEmpty("the proxy log shows the server's 227/229 (S> lines)");
        offered.Should().NotIntersectWith(advertised, "the client must be given the proxy's own data port, never the server's (server announced: {0})", string.Join(", ", advertised));
    }
}
