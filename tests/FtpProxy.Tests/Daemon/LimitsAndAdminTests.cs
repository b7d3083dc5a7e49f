using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

public sealed class LimitsAndAdminTests
{
    [Fact]
    public async Task MaxSessions_ExtraClientGets421FromTheDaemon()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--max-sessions", "2");
        await using var first = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await using var second = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);

        await using var third = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
        var refusal = await third.ReadReplyAsync();

        refusal.Code.Should().Be(421);
        refusal.Text.Should().Contain("Too many sessions");
        (await third.WaitForCloseAsync()).Should().BeTrue();
        server.SessionsAccepted.Should().Be(2, "a refused client never reaches a worker or the server");
    }

    [Fact]
    public async Task MaxPerIp_ExtraClientFromTheSameAddressGets421_OthersAreServed()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--max-per-ip", "1");
        await using var first = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);

        await using var second = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
        (await second.ReadReplyAsync()).Code.Should().Be(421);

        await using var other = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, localAddress: IPAddress.Parse("127.0.0.2"));
        other.Greeting!.Code.Should().Be(220);
    }

    [Fact]
    public async Task SessionsList_ShowsEachSessionWithItsUserStateAndBytes()
    {
        await using var server = new FakeFtpServer();
        server.Files["f"] = Encoding.ASCII.GetBytes("12345");
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync("dora");
        await client.DownloadAsync(DataMode.Pasv, "RETR f");

        var rows = await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].Bytes == 5);

        rows.Should().ContainSingle();
        rows[0].User.Should().Be("dora");
        rows[0].State.Should().Be("logged-in");
        rows[0].Client.Should().Be(client.LocalEndPoint.ToString());
        var (exitCode, table) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", daemon.AdminSocket);
        exitCode.Should().Be(0);
        table.Should().Contain("dora").And.Contain(rows[0].Id).And.Contain("PID");
    }

    [Fact]
    public async Task SessionsList_CountsTheBytesOfATransferStillRunning()
    {
        // An operator watching a long download must see it move, not a 0 until its 226.
        await using var server = new FakeFtpServer();
        var content = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        server.Files["big.bin"] = content;
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync("dora");
        var (data, head) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 1024 * 1024);
        using var ownedData = data;

        // The client has read 1 MiB and stopped: the transfer stalls there, unfinished.
        var rows = await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].Bytes >= head.Length);

        rows.Should().ContainSingle().Which.Bytes.Should().BeInRange(head.Length, content.Length - 1);
        rows[0].State.Should().Be("transferring");
        var rest = await ScriptedFtpClient.ReadToEndAsync(data);
        (head.Length + rest.Length).Should().Be(content.Length);
        (await client.ReadReplyAsync()).Code.Should().Be(226);
        (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].State == "logged-in"))[0].Bytes
            .Should().Be(content.Length, "the finished transfer counts once, not its progress on top");
    }

    [Fact]
    public async Task SessionsList_CountsATransfer_WhosePathIsLongAndFullOfControlCharacters()
    {
        // The longest path a RETR line can carry (4096 - "RETR "), escaped for display, is 16 364 characters:
        // with the rest of the transfer's report, more than one message to the daemon may carry.
        await using var server = new FakeFtpServer();
        var path = new string('\u0001', 4091);
        server.Files[path] = Encoding.ASCII.GetBytes("12345");
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync(new string('\u0002', 4091));
        (await client.DownloadAsync(DataMode.Pasv, "RETR " + path)).Data.Should().Equal(Encoding.ASCII.GetBytes("12345"));

        var rows = await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].Bytes == 5 && r[0].State == "logged-in");

        rows.Should().ContainSingle();
        rows[0].User.Should().StartWith("\\x02\\x02").And.EndWith("…");
        rows[0].User.Length.Should().BeLessThan(4 * 1024, "what a worker reports for display is shortened");
    }

    [Fact]
    public async Task SessionsKick_Sends421AndClosesTheSession()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var id = (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1))[0].Id;

        var (exitCode, _) = await ProxyProcess.RunToEndAsync("sessions", "kick", id, "--admin-socket", daemon.AdminSocket);

        exitCode.Should().Be(0);
        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await client.WaitForCloseAsync()).Should().BeTrue();
        (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 0)).Should().BeEmpty();
    }

    [Fact]
    public async Task SessionsKick_DuringATransfer_LogsTheTransferAsAborted_WithItsBytesSoFar()
    {
        // The transfers an operator most needs to see are the ones cut short.
        await using var server = new FakeFtpServer();
        server.Files["big.bin"] = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await client.LoginAsync();
        var (data, _) = await client.StartDownloadAsync(DataMode.Pasv, "RETR big.bin", headBytes: 1024 * 1024);
        using var ownedData = data;
        var id = (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].State == "transferring"))[0].Id;

        (await ProxyProcess.RunToEndAsync("sessions", "kick", id, "--admin-socket", daemon.AdminSocket)).ExitCode.Should().Be(0);

        (await client.ReadReplyAsync()).Code.Should().Be(421);
        (await daemon.WaitForOutputAsync("Session ended")).Should().BeTrue();
        daemon.Output.Should().ContainSingle(line => line.Contains("Transfer RETR big.bin: Aborted", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"Aborted, [1-9][0-9]{6,} bytes in");
    }

    [Fact]
    public async Task SessionsKick_EndsASession_EvenWhileItsClientDoesNotRead()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, receiveBufferBytes: 4096);
        await client.LoginAsync();
        var id = (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1))[0].Id;

        // 10 MiB of replies the client never reads: the worker's write to it blocks (for up to --idle-timeout, 900 s).
        for (var i = 0; i < 20; i++)
        {
            await client.SendAsync("HELP");
        }

        (await TestDeadline.UntilAsync(() => server.ReceivedCommands.Contains("HELP"))).Should().BeTrue();
        var (exitCode, _) = await ProxyProcess.RunToEndAsync("sessions", "kick", id, "--admin-socket", daemon.AdminSocket);

        exitCode.Should().Be(0);
        (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 0)).Should().BeEmpty("a kicked session ends even if its client is not reading");
    }

    [Fact]
    public async Task SessionsKick_WithAnUnknownId_ExitsNonZeroWithAMessage()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);

        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "kick", "nosuchid", "--admin-socket", daemon.AdminSocket);

        exitCode.Should().NotBe(0);
        output.Should().Contain("no session with id nosuchid");
    }

    [Fact]
    public async Task Sessions_WithNoDaemonRunning_ExitsNonZeroWithAMessage()
    {
        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", ProxyProcess.NewAdminSocketPath());

        exitCode.Should().NotBe(0);
        output.Should().Contain("no ftpproxy daemon").And.Contain("does not exist").And.NotContain("AddressNotAvailable");
    }

    [Fact]
    public async Task Sessions_WithAStaleSocketFile_SaysNoDaemonListens()
    {
        // What a daemon killed with -9 leaves behind: a socket file nobody listens on.
        var path = ProxyProcess.NewAdminSocketPath();
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));

        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", path);

        exitCode.Should().NotBe(0);
        output.Should().Contain($"no ftpproxy daemon listens on {path}").And.NotContain("ConnectionRefused");
    }

    [Fact]
    public async Task AdminSocket_IsOwnerOnly()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);

        File.GetUnixFileMode(daemon.AdminSocket).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task ADaemonStopping_LeavesTheAdminSocketAlone_OnceItIsAnotherDaemons()
    {
        await using var server = new FakeFtpServer();
        var path = ProxyProcess.NewAdminSocketPath();
        string[] args = ["--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(), "--admin-socket", path];
        try
        {
            await using var first = ProxyProcess.Start(args);
            await first.WaitForListeningAsync();
            File.Delete(path); // an operator's doing, or a cleaner of /tmp
            await using var second = ProxyProcess.Start(args);
            await second.WaitForListeningAsync();

            first.Signal(ProxyProcess.SigTerm);
            (await first.WaitForExitAsync()).Should().Be(0);

            var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", path);
            exitCode.Should().Be(0, "the second daemon can still be reached: " + output);
            second.Signal(ProxyProcess.SigTerm);
            (await second.WaitForExitAsync()).Should().Be(0);
            File.Exists(path).Should().BeFalse("a daemon removes its own socket file as it stops");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AdminSocketPath_TakenByARegularFile_IsLeftAlone_AndTheDaemonSaysWhy()
    {
        await using var server = new FakeFtpServer();
        var path = ProxyProcess.NewAdminSocketPath();
        await File.WriteAllTextAsync(path, "not a socket");
        try
        {
            var (exitCode, output) = await ProxyProcess.RunToEndAsync(
                "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(), "--admin-socket", path);

            exitCode.Should().Be(1);
            output.Should().Contain("is not a socket").And.NotContain("pass --admin-socket", "the option was given already");
            (await File.ReadAllTextAsync(path)).Should().Be("not a socket", "a file the daemon did not make is never deleted");
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> UnusableAdminSocketPaths => new()
    {
        { "", "empty" },
        { "/tmp/" + new string('x', 120) + ".sock", "at most 107 bytes" },
        { "/nonexistent-ftpproxy-dir/admin.sock", "does not exist" },
    };

    [Theory]
    [MemberData(nameof(UnusableAdminSocketPaths))]
    public async Task UnusableAdminSocketPath_GivesOneClearLine_ForTheDaemonAndTheClient(string path, string reason)
    {
        var (daemonExit, daemonOutput) = await ProxyProcess.RunToEndAsync("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:21", "--admin-socket", path);
        var (clientExit, clientOutput) = await ProxyProcess.RunToEndAsync("sessions", "list", "--admin-socket", path);

        daemonExit.Should().Be(1);
        daemonOutput.Should().Contain(reason).And.NotContain("Unhandled exception").And.NotContain("   at ");
        clientExit.Should().Be(1);
        clientOutput.Should().Contain(reason).And.NotContain("Unhandled exception").And.NotContain("   at ");
    }

    [Fact]
    public async Task KickOfASessionStillStarting_IsAccepted_AndTheClientGets421()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "0");
        var (client, worker, starting) = await DaemonProbe.ConnectWithItsWorkerHeldAsync(daemon);
        await using var owned = client;

        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "kick", starting.Id, "--admin-socket", daemon.AdminSocket);
        ProxyProcess.Signal(worker, ProxyProcess.SigCont);

        exitCode.Should().Be(0, output);
        var reply = await client.ReadReplyAsync();
        reply.Code.Should().Be(421);
        reply.Text.Should().Contain("administrator");
    }

    [Fact]
    public async Task KickOfASessionStillConnectingToTheServer_AnswersItsClientAtOnce_NotAfterTheConnectTimeout()
    {
        // A server whose accept queue is full drops new SYNs: the worker's connect to it hangs (30 s).
        using var saturated = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        saturated.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        saturated.Listen(0);
        using var queued = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await queued.ConnectAsync(saturated.LocalEndPoint!);
        await using var daemon = await ProxyProcess.StartDaemonAsync((IPEndPoint)saturated.LocalEndPoint!);
        await using var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
        var connecting = (await DaemonProbe.ListUntilAsync(daemon, r => r.Count == 1 && r[0].State == "connected")).Single();

        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "kick", connecting.Id, "--admin-socket", daemon.AdminSocket);

        exitCode.Should().Be(0, output);
        var reply = await client.ReadReplyAsync(); // its deadline (20 s) is shorter than the connect's timeout (30 s)
        reply.Code.Should().Be(421);
        reply.Text.Should().Contain("administrator");
        (await client.WaitForCloseAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task KickOfASessionWaitingForAWorker_AnswersItsClientAtOnce_NotWhenAWorkerComes()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint, "--spare-workers", "0");
        var (client, worker, starting) = await DaemonProbe.ConnectWithItsWorkerHeldAsync(daemon);
        await using var owned = client;
        try
        {
            (await ProxyProcess.RunToEndAsync("sessions", "kick", starting.Id, "--admin-socket", daemon.AdminSocket)).ExitCode.Should().Be(0);

            // Well within the 15 s a worker has to get ready: the held one never does meanwhile.
            var reply = await client.ReadReplyAsync(TimeSpan.FromSeconds(5));
            reply.Code.Should().Be(421);
            reply.Text.Should().Contain("administrator");
            (await DaemonProbe.ListUntilAsync(daemon, rows => rows.Count == 0)).Should().BeEmpty("a kicked client no longer holds a place under the limits");
        }
        finally
        {
            ProxyProcess.Signal(worker, ProxyProcess.SigCont);
        }
    }

    [Fact]
    public async Task AdminConnectionsThatSayNothing_DoNotHoldUpOthers()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonAsync(server.EndPoint);
        var silent = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(daemon.AdminSocket));
                silent.Add(socket);
            }

            var lists = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ProxyProcess.RunToEndAsync("sessions", "list", "--json", "--admin-socket", daemon.AdminSocket)));

            lists.Should().OnlyContain(list => list.ExitCode == 0, "each request is served on its own, whoever else is connected");
        }
        finally
        {
            silent.ForEach(socket => socket.Dispose());
        }
    }
}
