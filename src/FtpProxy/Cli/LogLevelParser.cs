using System.CommandLine.Parsing;
using FtpProxy.Logging;
using Serilog.Events;

namespace FtpProxy.Cli;

/// <summary>--log-level: the usual names and their short forms.</summary>
internal static class LogLevelParser
{
    public static readonly string[] Names = ["verbose", "debug", "information", "warning", "error", "fatal"];

    public static LogEventLevel Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!LogLevelNames.TryParse(text, out var level))
        {
            result.AddError($"--log-level '{text}': expected one of {string.Join(", ", Names)}");
        }

        return level;
    }
}
