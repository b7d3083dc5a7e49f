using System.Globalization;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>What the daemon does when it cannot start workers: a broken or half-upgraded installation.</summary>
public sealed class BrokenInstallationTests : IDisposable
{
    /// <summary>What `ftpproxy` needs to run: the apphost, its assembly and their dependencies.</summary>
    private static readonly string[] InstalledFiles =
    [
        "ftpproxy", "ftpproxy.dll", "ftpproxy.deps.json", "ftpproxy.runtimeconfig.json",
        "FtpProxy.Protocol.dll", "Serilog.dll", "Serilog.Sinks.Console.dll", "System.CommandLine.dll",
    ];

    private const int Spares = 2;

    private readonly DirectoryInfo _installation = Directory.CreateTempSubdirectory("ftpproxy-installation-");

    public BrokenInstallationTests()
    {
        foreach (var file in InstalledFiles)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(_installation.FullName, file));
        }
    }

    private string Apphost => Path.Combine(_installation.FullName, "ftpproxy");

    [Fact]
    public async Task WorkersThatCannotBeStarted_AreRetriedOnceASecond_NotInAGrowingStorm_AndTheDaemonRecovers()
    {
        await using var server = new FakeFtpServer();
        await using var daemon = await ProxyProcess.StartDaemonThroughAsync(Apphost, server.EndPoint, "--spare-workers", Spares.ToString(CultureInfo.InvariantCulture), "--log-level", "debug");
        (await TestDeadline.UntilAsync(() => daemon.Output.Count(line => line.Contains("is ready", StringComparison.Ordinal)) >= Spares)).Should().BeTrue();
        File.Move(Apphost, Apphost + ".gone");

        // The spares started before the executable went serve; their replacements cannot be started.
        await using var first = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        await using var second = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        first.Greeting!.Code.Should().Be(220);
        second.Greeting!.Code.Should().Be(220);
        (await daemon.WaitForOutputAsync("Cannot start a worker process")).Should().BeTrue();
        var window = TimeSpan.FromSeconds(5);
        await Task.Delay(window); // the scenario itself (a broken installation left alone), not a wait for the daemon

        // Once a second, each time as many starts as are wanted (the spares): a handful of failures, not
        // a count that doubles every second (thousands of log lines a minute).
        var failures = daemon.Output.Count(line => line.Contains("Cannot start a worker process", StringComparison.Ordinal));
        failures.Should().BeInRange(Spares, Spares * ((int)window.TotalSeconds + 2));

        File.Move(Apphost + ".gone", Apphost);
        await using var next = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!);
        next.Greeting!.Code.Should().Be(220, "the retries go on, and succeed once the executable is back");
    }

    public void Dispose() => _installation.Delete(recursive: true);
}
