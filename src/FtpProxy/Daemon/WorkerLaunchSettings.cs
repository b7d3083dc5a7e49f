using FtpProxy.Logging;
using Serilog.Events;

namespace FtpProxy.Daemon;

/// <summary>What every worker is started with: how to log. Session settings travel later, with the socket.</summary>
internal sealed record WorkerLaunchSettings(LogEventLevel LogLevel, LogFormat LogFormat);
