using System.CommandLine.Parsing;
using Serilog.Events;

namespace FtpProxy.Cli;

/// <summary>--log-level: the usual names and their short forms.</summary>
internal static class LogLevelParser
{
    public static readonly string[] Names = ["verbose", "debug", "information", "warning", "error", "fatal"];

    public static LogEventLevel Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.ToLowerInvariant();
        switch (text)
        {
            case "verbose" or "trace":
                return LogEventLevel.Verbose;
            case "debug":
                return LogEventLevel.Debug;
            case "information" or "info":
                return LogEventLevel.Information;
            case "warning" or "warn":
                return LogEventLevel.Warning;
            case "error":
                return LogEventLevel.Error;
            case "fatal":
                return LogEventLevel.Fatal;
            default:
                result.AddError($"--log-level '{text}': expected one of {string.Join(", ", Names)}");
                return LogEventLevel.Information;
        }
    }
}
