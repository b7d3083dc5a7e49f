using System.Net;
using FtpProxy.Configuration;
using FtpProxy.Logging;
using Serilog.Events;

namespace FtpProxy.Cli;

/// <summary>The daemon's settings once the command line has been parsed and checked.</summary>
internal sealed record DaemonOptions
{
    public required IPEndPoint Listen { get; init; }

    public required SessionSettings Session { get; init; }

    public LogEventLevel LogLevel { get; init; } = LogEventLevel.Information;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public Daemon.DaemonLimits Limits { get; init; } = new();

    /// <summary>The path given with --admin-socket; null for the default (<see cref="Admin.AdminSocketPath.Default"/>).</summary>
    public string? AdminSocket { get; init; }
}
