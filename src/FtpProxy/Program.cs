using FtpProxy.Cli;
using FtpProxy.Worker;

// Workers take a short path: System.CommandLine stays out of every child process (see WorkerArguments).
if (WorkerArguments.IsWorker(args))
{
    if (!WorkerArguments.TryParse(args, out var worker))
    {
        await Console.Error.WriteLineAsync("ftpproxy: 'worker' is internal; it is started by the daemon");
        return ExitCodes.BadUsage;
    }

    return WorkerMain.Run(worker.ChannelFd, worker.LogLevel, worker.LogFormat);
}

return await ProxyCommandLine.RunAsync(args);
