using System.Runtime.InteropServices;
using FtpProxy.Daemon;
using FtpProxy.Logging;
using Serilog;

namespace FtpProxy.Cli;

/// <summary>Runs the daemon until a signal: the first SIGTERM/SIGINT drains, a second SIGINT ends at once.</summary>
internal static class DaemonRunner
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        using var log = LogSetup.Create(options.LogLevel, options.LogFormat);
        await using var host = new InProcessSessionHost(options.Session, log);
        using var listener = ProxyListener.TryStart(options.Listen, host, log, out var error);
        if (listener is null)
        {
            log.Fatal("Cannot listen on {Listen}: {Error}", options.Listen, error);
            await Console.Error.WriteLineAsync($"ftpproxy: cannot listen on {options.Listen}: {error}");
            return ExitCodes.RuntimeFailure;
        }

        using var stopAccepting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopNow = new CancellationTokenSource();
        using var signals = new ShutdownSignals(stopAccepting, stopNow, log);

        log.Information(
            "Listening on {ListenEndpoint}, relaying to {Upstream} (pid {ProcessId})",
            listener.LocalEndPoint.ToString(),
            options.Session.Upstream.ToString(),
            Environment.ProcessId);

        await listener.AcceptLoopAsync(_ => true, stopAccepting.Token);
        listener.Dispose();

        if (host.ActiveSessions > 0)
        {
            log.Information("Draining {Count} session(s) for up to {Seconds} s", host.ActiveSessions, options.DrainTimeout.TotalSeconds);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(stopNow.Token);
            drain.CancelAfter(options.DrainTimeout);
            try
            {
                await host.WhenAllEndedAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                log.Information("Ending {Count} remaining session(s)", host.ActiveSessions);
            }
        }

        await host.DisposeAsync();
        log.Information("Stopped");
        return ExitCodes.Success;
    }
}
