using System.CommandLine;
using FtpProxy.Logging;
using FtpProxy.Worker;
using Serilog.Events;

namespace FtpProxy.Cli;

/// <summary>The hidden `worker` command: how the daemon starts a child. Not for people.</summary>
internal static class WorkerCommand
{
    public static Command Build(Option<LogEventLevel> logLevel, Option<LogFormat> logFormat)
    {
        var channelFd = new Option<int>("--channel-fd") { Required = true };
        var command = new Command("worker", "Internal: serve one session handed over by the daemon.") { Hidden = true };
        command.Options.Add(channelFd);
        command.Options.Add(logLevel);
        command.Options.Add(logFormat);
        command.SetAction((parse, _) => WorkerMain.RunAsync(parse.GetValue(channelFd), parse.GetValue(logLevel), parse.GetValue(logFormat)));
        return command;
    }
}
