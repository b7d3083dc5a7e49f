using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FtpProxy.Tests.Common;

namespace FtpProxy.Bench;

/// <summary>
/// Runs every measurement against a direct connection to the fake upstream and through each proxy
/// variant, in one run, and prints a Markdown report.
/// </summary>
internal static class BenchRunner
{
    private const int IdleSessionsForMemory = 5;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        // The upstream: a real server given with --upstream (user bench, password bench), or the in-process fake.
        await using var fake = new FakeFtpServer();
        fake.Files["readme.txt"] = Encoding.ASCII.GetBytes("benchmark\r\n");
        var upstream = options.Upstream ?? fake.EndPoint;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Upstream: {(options.Upstream is null ? "in-process fake server" : options.Upstream.ToString())}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Sessions per latency sample: {options.Sessions}, paced {options.PaceMs} ms apart; load: {options.LoadConcurrency} concurrent clients for {options.LoadSeconds} s.");
        report.AppendLine();
        report.AppendLine("| target | connect→220 median | p90 | whole session median | p90 | sessions/s sustained | USS per idle session child | USS spare worker | USS daemon |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");

        var direct = await MeasureLatencyAsync(upstream, options);
        var directRate = await MeasureRateAsync(upstream, options);
        report.AppendLine(Row("direct to upstream", direct, directRate, null));

        if (options.Haproxy is { } haproxyPath)
        {
            report.AppendLine(await MeasureReferenceAsync(ReferenceProxy.StartHaproxyAsync(haproxyPath, upstream), "haproxy, control connection only (reference)", forksPerSession: false, options));
        }

        if (options.DotnetRelay is { } relayPath)
        {
            report.AppendLine(await MeasureReferenceAsync(ReferenceProxy.StartDotnetRelayAsync(relayPath, upstream), ".NET async relay, control connection only, one process (reference)", forksPerSession: false, options));
        }

        if (options.FtpProxySuite is { } ftpProxyPath)
        {
            report.AppendLine(await MeasureReferenceAsync(ReferenceProxy.StartFtpProxySuiteAsync(ftpProxyPath, upstream), "SuSE ftp-proxy, forking C proxy (reference)", forksPerSession: true, options));
        }

        foreach (var (name, path) in options.Variants)
        {
            await using var proxy = await BenchProxy.StartAsync(path, upstream, spares: 2);
            await Task.Delay(options.PaceMs * 3); // let the spares warm up before the first sample
            var latency = await MeasureLatencyAsync(proxy.EndPoint!, options);
            var memory = await MeasureMemoryAsync(proxy);
            var rate = await MeasureRateAsync(proxy.EndPoint!, options);
            report.AppendLine(Row(name, latency, rate, memory));
        }

        Console.WriteLine(report.ToString());
        return 0;
    }

    /// <summary>
    /// A reference proxy's row: latency and rate, and for one that forks a child per session
    /// (<paramref name="forksPerSession"/>) the memory of those children.
    /// </summary>
    private static async Task<string> MeasureReferenceAsync(Task<ReferenceProxy?> starting, string name, bool forksPerSession, BenchOptions options)
    {
        await using var reference = await starting;
        if (reference is null)
        {
            return $"| {name} | did not start | | | | | | | |";
        }

        var latency = await MeasureLatencyAsync(reference.EndPoint, options);
        var memory = forksPerSession ? await MeasureForkingMemoryAsync(reference) : ((double, double?, double)?)null;
        var rate = await MeasureRateAsync(reference.EndPoint, options);
        return Row(name, latency, rate, memory);
    }

    private static string Row(string name, (List<TimeSpan> Greeting, List<TimeSpan> Whole) latency, double rate, (double Child, double? Spare, double Daemon)? memory) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {Stats.Percentile(latency.Greeting, 50):F2} ms | {Stats.Percentile(latency.Greeting, 90):F2} ms | {Stats.Percentile(latency.Whole, 50):F2} ms | {Stats.Percentile(latency.Whole, 90):F2} ms | {rate:F0} | {Format(memory?.Child)} | {Format(memory?.Spare)} | {Format(memory?.Daemon)} |");

    private static string Format(double? mib) => mib is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:F2} MiB") : "–";

    private static async Task<(List<TimeSpan> Greeting, List<TimeSpan> Whole)> MeasureLatencyAsync(IPEndPoint target, BenchOptions options)
    {
        var greeting = new List<TimeSpan>();
        var whole = new List<TimeSpan>();
        // Paced so that a warm spare is available for every session, as the target specifies.
        for (var i = 0; i < options.Sessions; i++)
        {
            greeting.Add(await SessionProbe.GreetingAsync(target));
            await Task.Delay(options.PaceMs);
        }

        for (var i = 0; i < options.Sessions; i++)
        {
            whole.Add(await SessionProbe.WholeSessionAsync(target));
            await Task.Delay(options.PaceMs);
        }

        return (greeting, whole);
    }

    private static async Task<double> MeasureRateAsync(IPEndPoint target, BenchOptions options)
    {
        var completed = 0;
        var stopwatch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(options.LoadSeconds);
        var loops = Enumerable.Range(0, options.LoadConcurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < until)
            {
                await SessionProbe.GreetingAsync(target);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(loops);
        return completed / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<(double Child, double? Spare, double Daemon)> MeasureMemoryAsync(BenchProxy proxy)
    {
        var sockets = await OpenIdleSessionsAsync(proxy.EndPoint!);

        await Task.Delay(1000); // let the replacement spares finish warming up
        var sessionPids = await SessionPidsAsync(proxy.AdminSocket);
        var spares = proxy.Children().Except(sessionPids).ToList();
        var child = Stats.Median(sessionPids.Select(Memory.UssMiB).ToList());
        var spare = Stats.Median(spares.Select(Memory.UssMiB).ToList());
        var daemon = Memory.UssMiB(proxy.Pid);
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return (child, spare, daemon);
    }

    /// <summary>A forking reference proxy: every child serves a session, there are no spares.</summary>
    private static async Task<(double Child, double? Spare, double Daemon)> MeasureForkingMemoryAsync(ReferenceProxy proxy)
    {
        var sockets = await OpenIdleSessionsAsync(proxy.EndPoint);
        var child = Stats.Median(ProcessChildren.Of(proxy.Pid).Select(Memory.UssMiB).ToList());
        var daemon = Memory.UssMiB(proxy.Pid);
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return (child, null, daemon);
    }

    /// <summary>Logged-in, idle sessions whose processes are measured; the caller closes them.</summary>
    private static async Task<List<Socket>> OpenIdleSessionsAsync(IPEndPoint endPoint)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < IdleSessionsForMemory; i++)
        {
            sockets.Add(await SessionProbe.IdleSessionAsync(endPoint));
        }

        return sockets;
    }

    private static async Task<List<int>> SessionPidsAsync(string adminSocket)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(adminSocket));
        await socket.SendAsync("{\"command\":\"list\"}\n"u8.ToArray(), SocketFlags.None);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        using var json = JsonDocument.Parse(received.ToArray());
        return json.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("pid").GetInt32()).ToList();
    }
}
