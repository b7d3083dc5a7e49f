using System.Globalization;
using FtpProxy.Logging;
using Serilog.Events;

namespace FtpProxy.Worker;

/// <summary>
/// The hidden `ftpproxy worker --channel-fd N --log-level L --log-format F` command line, written
/// only by <see cref="Daemon.WorkerLauncher"/>. Parsed by hand so System.CommandLine is never loaded
/// into a worker: every worker is a whole process, and each assembly it loads costs private memory.
/// </summary>
internal sealed record WorkerArguments(int ChannelFd, LogEventLevel LogLevel, LogFormat LogFormat)
{
    public const string Command = "worker";

    public static bool IsWorker(string[] args) => args.Length > 0 && args[0] == Command;

    public static bool TryParse(string[] args, out WorkerArguments parsed)
    {
        parsed = new WorkerArguments(-1, LogEventLevel.Information, LogFormat.Text);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--channel-fd" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var fd):
                    parsed = parsed with { ChannelFd = fd };
                    break;
                case "--log-level" when LogLevelNames.TryParse(value, out var level):
                    parsed = parsed with { LogLevel = level };
                    break;
                case "--log-format" when Enum.TryParse<LogFormat>(value, ignoreCase: true, out var format):
                    parsed = parsed with { LogFormat = format };
                    break;
                default:
                    return false;
            }
        }

        return parsed.ChannelFd >= 0 && args.Length % 2 == 1;
    }
}
