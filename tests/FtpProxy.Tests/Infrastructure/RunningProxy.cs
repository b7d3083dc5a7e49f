using System.Net;
using FtpProxy.Configuration;
using FtpProxy.Daemon;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>The real proxy code (listener, sessions, data bridge) on 127.0.0.1:0, in the test process.</summary>
internal sealed class RunningProxy : IAsyncDisposable
{
    private readonly Logger _logger;
    private readonly InProcessSessionHost _host;
    private readonly ProxyListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private RunningProxy(Logger logger, InProcessSessionHost host, ProxyListener listener, CapturingSink log)
    {
        _logger = logger;
        _host = host;
        _listener = listener;
        Log = log;
        _acceptLoop = listener.AcceptLoopAsync(_stop.Token);
    }

    public IPEndPoint EndPoint => _listener.LocalEndPoint;

    public CapturingSink Log { get; }

    public int ActiveSessions => _host.ActiveSessions;

    public static RunningProxy Start(IPEndPoint upstream, Func<SessionSettings, SessionSettings>? configure = null, IPAddress? listenAddress = null)
    {
        var settings = new SessionSettings { Upstream = new HostEndpoint(upstream.Address.ToString(), upstream.Port) };
        settings = configure?.Invoke(settings) ?? settings;
        var sink = new CapturingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Is(LogEventLevel.Verbose).WriteTo.Sink(sink).CreateLogger();
        var host = new InProcessSessionHost(settings, logger);
        var listener = ProxyListener.TryStart(new IPEndPoint(listenAddress ?? IPAddress.Loopback, 0), host, logger, out var error)
            ?? throw new InvalidOperationException(error);
        return new RunningProxy(logger, host, listener, sink);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _acceptLoop;
        _listener.Dispose();
        await _host.DisposeAsync();
        _logger.Dispose();
        _stop.Dispose();
    }
}
