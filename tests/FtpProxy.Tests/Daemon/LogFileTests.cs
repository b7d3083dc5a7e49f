using System.Diagnostics;
using System.Text.RegularExpressions;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>`ftpproxy ... 2>ftpproxy.log`: the daemon and its workers share one file (and one file offset).</summary>
public sealed partial class LogFileTests : IDisposable
{
    private readonly string _logPath = Path.Combine(Path.GetTempPath(), $"ftpproxy-test-{Guid.NewGuid():N}.log");
    private readonly string _adminSocket = ProxyProcess.NewAdminSocketPath();

    [Fact]
    public async Task StderrRedirectedToAFile_KeepsEveryLineOfTheDaemonAndItsWorkers_Whole()
    {
        await using var server = new FakeFtpServer();
        server.Files["a.txt"] = "hello\r\n"u8.ToArray();
        using var daemon = StartWithStderrInFile(
            "--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(),
            "--admin-socket", _adminSocket, "--log-level", "debug");
        try
        {
            await RunTwoSessionsAndStopAsync(daemon);
        }
        finally
        {
            // A failed assertion above must not leave the daemon and its workers running.
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
            }
        }

        var lines = ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().AllSatisfy(line => LogLine().IsMatch(line).Should().BeTrue($"\"{line}\" should be one whole log line"));
        lines.Should().ContainSingle(l => l.Contains("Listening on", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("user=ann", StringComparison.Ordinal) && l.EndsWith("Logged in", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("user=bob", StringComparison.Ordinal) && l.EndsWith("Logged in", StringComparison.Ordinal));
        lines.Where(l => l.Contains("] Transfer LIST", StringComparison.Ordinal)).Should().HaveCount(2)
            .And.AllSatisfy(l => l.Should().Contain(": Completed, 56 bytes", "values render plain, without JSON quotes"));
        lines.Last().Should().EndWith("Stopped");
    }

    private async Task RunTwoSessionsAndStopAsync(Process daemon)
    {
        // Port 0: the daemon's start-up line in the log says where it listens.
        System.Net.IPEndPoint? listening = null;
        (await TestDeadline.UntilAsync(() => ReadLog().Split('\n').Any(line => ProxyProcess.TryParseListening(line, out listening)))).Should().BeTrue(ReadLog());
        foreach (var user in new[] { "ann", "bob" })
        {
            await using var client = await ScriptedFtpClient.ConnectAsync(listening!);
            await client.LoginAsync(user);
            (await client.DownloadAsync(DataMode.Pasv, "LIST")).Completion.Code.Should().Be(226);
            (await client.CommandAsync("QUIT")).Code.Should().Be(221);
        }

        (await TestDeadline.UntilAsync(() => Regex.Count(ReadLog(), "Session ended") == 2)).Should().BeTrue(ReadLog());
        ProxyProcess.Signal(daemon.Id, ProxyProcess.SigTerm);
        await daemon.WaitForExitAsync().WaitAsync(TestDeadline.Default);
    }

    /// <summary>The log, and the admin socket a daemon killed after a failed assertion could not remove.</summary>
    public void Dispose()
    {
        File.Delete(_logPath);
        File.Delete(_adminSocket);
    }

    private Process StartWithStderrInFile(params string[] args)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet \"$@\" 2>\"$FTPPROXY_TEST_LOG\"");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(ProxyProcess.EntryAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["FTPPROXY_TEST_LOG"] = _logPath;
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        return Process.Start(info)!;
    }

    private string ReadLog()
    {
        using var stream = new FileStream(_logPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (VRB|DBG|INF|WRN|ERR|FTL) [^\r\x00]*$")]
    private static partial Regex LogLine();
}
