using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Tests.Common;

namespace FtpProxy.Bench;

/// <summary>
/// haproxy in TCP mode in front of the upstream: a reference, not a competitor. It relays the control
/// connection only (the client's data connections go straight to the server, which works on
/// loopback), parses nothing and runs in one C process, so its latency is a floor for any proxy
/// that relays the control connection on this machine.
/// </summary>
internal sealed class HaproxyRelay : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _configPath;

    private HaproxyRelay(Process process, string configPath, IPEndPoint endPoint)
    {
        _process = process;
        _configPath = configPath;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<HaproxyRelay?> StartAsync(string haproxyPath, IPEndPoint upstream)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Find());
        var configPath = Path.Combine(Path.GetTempPath(), $"ftpproxy-bench-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(configPath, string.Create(CultureInfo.InvariantCulture, $"""
            global
                maxconn 2000
            defaults
                mode tcp
                timeout connect 5s
                timeout client 60s
                timeout server 60s
            listen ftp
                bind {endPoint}
                server upstream {upstream}

            """));
        var info = new ProcessStartInfo(haproxyPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-f", configPath, "-db" })
        {
            info.ArgumentList.Add(arg);
        }

        var relay = new HaproxyRelay(Process.Start(info)!, configPath, endPoint);
        if (!await TestDeadline.UntilAsync(() => relay._process.HasExited || Accepts(endPoint)) || relay._process.HasExited)
        {
            await Console.Error.WriteLineAsync($"haproxy did not start; measuring without it:  {await relay._process.StandardError.ReadToEndAsync()}");
            await relay.DisposeAsync();
            return null;
        }

        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_configPath);
    }

    private static bool Accepts(IPEndPoint endPoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
