using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Tests.Common;

namespace FtpProxy.Bench;

/// <summary>
/// Another proxy in front of the upstream, measured as a reference, not a competitor:
/// <list type="bullet">
/// <item>haproxy in TCP mode relays the control connection only (the client's data connections go
/// straight to the server, which works on loopback), parses nothing and runs in one C process: a
/// floor for any proxy that relays the control connection on this machine.</item>
/// <item>SuSE's ftp-proxy (Debian package ftp-proxy) is a forking C FTP proxy: one child per client,
/// the control channel parsed and the data connections bridged, as ftpproxy does. It answers the
/// 220 itself and reaches the server only at USER, and it knows PASV but not EPSV.</item>
/// <item>bench/FtpProxy.Relay relays the control connection like haproxy, but in .NET with async
/// sockets, in one long-lived process: what the runtime itself costs a relay.</item>
/// </list>
/// </summary>
internal sealed class ReferenceProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _configPath;

    private ReferenceProxy(Process process, string? configPath, IPEndPoint endPoint)
    {
        _process = process;
        _configPath = configPath;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Pid => _process.Id;

    public static Task<ReferenceProxy?> StartHaproxyAsync(string path, IPEndPoint upstream)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Find());
        var config = string.Create(CultureInfo.InvariantCulture, $"""
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

            """);
        return StartAsync(path, config, configPath => ["-f", configPath!, "-db"], endPoint);
    }

    /// <summary>bench/FtpProxy.Relay: the control connection relayed by one long-lived .NET process.</summary>
    public static Task<ReferenceProxy?> StartDotnetRelayAsync(string path, IPEndPoint upstream)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Find());
        return StartAsync(path, config: null, _ => [endPoint.ToString(), upstream.ToString()], endPoint);
    }

    public static Task<ReferenceProxy?> StartFtpProxySuiteAsync(string path, IPEndPoint upstream)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Find());
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            [-Global-]
            ServerType standalone
            Listen {endPoint.Address}
            Port {endPoint.Port}
            DestinationAddress {upstream.Address}
            DestinationPort {upstream.Port}
            User nobody
            Group nogroup
            MaxClients 512
            ForkLimit 1000000

            """);
        // ForkLimit: new clients per minute, 40 by default. -d: standalone, forking a child per
        // client; -n: stay in the foreground, so it is our child.
        return StartAsync(path, config, configPath => ["-d", "-n", "-f", configPath!], endPoint);
    }

    /// <summary>Starts <paramref name="path"/> with its <paramref name="config"/> file, if it takes one, and waits until it accepts.</summary>
    private static async Task<ReferenceProxy?> StartAsync(string path, string? config, Func<string?, string[]> arguments, IPEndPoint endPoint)
    {
        string? configPath = null;
        if (config is not null)
        {
            configPath = Path.Combine(Path.GetTempPath(), $"ftpproxy-bench-reference-{Guid.NewGuid():N}.cfg");
            await File.WriteAllTextAsync(configPath, config);
        }

        var info = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in arguments(configPath))
        {
            info.ArgumentList.Add(arg);
        }

        var proxy = new ReferenceProxy(Process.Start(info)!, configPath, endPoint);
        if (!await TestDeadline.UntilAsync(() => proxy._process.HasExited || Accepts(endPoint)) || proxy._process.HasExited)
        {
            await Console.Error.WriteLineAsync($"{path} did not start; measuring without it:  {await proxy._process.StandardError.ReadToEndAsync()}");
            await proxy.DisposeAsync();
            return null;
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: ftp-proxy ends its children with it; haproxy just exits.
            ProxyProcess.Signal(_process.Id, ProxyProcess.SigTerm);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_configPath is not null)
        {
            File.Delete(_configPath);
        }
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
