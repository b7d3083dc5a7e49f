using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;
using Serilog.Sinks.SystemConsole.Themes;

namespace FtpProxy.Logging;

/// <summary>
/// Serilog to standard error, as text for people or JSON for log shippers. Standard output stays
/// free for commands. The daemon and its workers write the same lines to the same stderr.
/// </summary>
internal static class LogSetup
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {Scope}{Message:l}{NewLine}{Exception}";

    /// <summary>The daemon and the commands: the console sink. Plain text (no colours), so its lines look like the workers'.</summary>
    public static Logger Create(LogEventLevel level, LogFormat format)
    {
        var configuration = Configure(level, format);
        configuration = format == LogFormat.Json
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: LevelAlias.Minimum)
            : configuration.WriteTo.Console(outputTemplate: TextTemplate, standardErrorFromLevel: LevelAlias.Minimum, formatProvider: System.Globalization.CultureInfo.InvariantCulture, theme: ConsoleTheme.None);
        return configuration.CreateLogger();
    }

    /// <summary>
    /// A worker: the same formatting, written to <paramref name="destination"/> (stderr opened as a
    /// plain stream, see <see cref="StandardError"/>). System.Console stays out of the worker: its
    /// first use starts a signal-handling thread and terminal set-up that every session would pay for.
    /// </summary>
    public static Logger CreateForWorker(LogEventLevel level, LogFormat format, TextWriter destination)
    {
        ITextFormatter formatter = format == LogFormat.Json
            ? new JsonFormatter(renderMessage: true)
            : new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture);
        return Configure(level, format).WriteTo.Sink(new TextWriterSink(formatter, destination)).CreateLogger();
    }

    /// <summary>The "[session client user pid]" prefix is for text lines; a JSON line carries those as properties already.</summary>
    private static LoggerConfiguration Configure(LogEventLevel level, LogFormat format)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Is(level);
        return format == LogFormat.Text ? configuration.Enrich.With<SessionScopeEnricher>() : configuration;
    }
}
