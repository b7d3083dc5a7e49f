using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace FtpProxy.Logging;

/// <summary>Serilog to standard error, as text for people or JSON for log shippers. Standard output stays free for commands.</summary>
internal static class LogSetup
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {Scope}{Message:lj}{NewLine}{Exception}";

    public static Logger Create(LogEventLevel level, LogFormat format)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.With<SessionScopeEnricher>();
        configuration = format == LogFormat.Json
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: LevelAlias.Minimum)
            : configuration.WriteTo.Console(outputTemplate: TextTemplate, standardErrorFromLevel: LevelAlias.Minimum, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }
}
