using Serilog.Events;

namespace FtpProxy.Logging;

/// <summary>Log level names as the command line spells them (shared by the daemon's parser and the worker's).</summary>
internal static class LogLevelNames
{
    public static bool TryParse(string text, out LogEventLevel level)
    {
        switch (text.ToLowerInvariant())
        {
            case "verbose" or "trace":
                level = LogEventLevel.Verbose;
                return true;
            case "debug":
                level = LogEventLevel.Debug;
                return true;
            case "information" or "info":
                level = LogEventLevel.Information;
                return true;
            case "warning" or "warn":
                level = LogEventLevel.Warning;
                return true;
            case "error":
                level = LogEventLevel.Error;
                return true;
            case "fatal":
                level = LogEventLevel.Fatal;
                return true;
            default:
                level = LogEventLevel.Information;
                return false;
        }
    }
}
