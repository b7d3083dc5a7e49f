using FtpProxy.Admin;
using FtpProxy.Daemon;
using FtpProxy.Logging;

namespace FtpProxy.Cli;

/// <summary>
/// Runs the daemon: workers, listener, admin socket. The first SIGTERM/SIGINT/SIGHUP stops accepting and
/// drains for up to --drain-timeout; then the remaining sessions are ended. A SIGINT during the drain ends at once.
/// </summary>
internal static class DaemonRunner
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        using var log = LogSetup.Create(options.LogLevel, options.LogFormat);
        var status = await ServeAsync(options, log, cancellationToken);
        if (status == ExitCodes.Success)
        {
            // Only now: the host's disposal ended the last sessions and workers, and they log as they go.
            log.Information("Stopped");
        }

        return status;
    }

    private static async Task<int> ServeAsync(DaemonOptions options, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        var launch = new WorkerLaunchSettings(options.LogLevel, options.LogFormat);
        await using var host = new WorkerSessionHost(options.Session, options.Limits, launch, log);
        using var listener = ProxyListener.TryStart(options.Listen, host, log, out var error);
        if (listener is null)
        {
            return await FailAsync($"cannot listen on {options.Listen}: {error}");
        }

        using var admin = AdminServer.TryStart(options.AdminSocket, host, log, out error);
        if (admin is null)
        {
            return await FailAsync(error);
        }

        using var stopAccepting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopNow = new CancellationTokenSource();
        using var signals = new ShutdownSignals(stopAccepting, stopNow, log);
        log.Information(
            "Listening on {ListenEndpoint}, relaying to {Upstream} (pid {ProcessId}, admin socket {AdminSocket})",
            listener.LocalEndPoint.ToString(),
            options.Session.Upstream.ToString(),
            Environment.ProcessId,
            admin.Path);

        await listener.AcceptLoopAsync(stopAccepting.Token);
        listener.Dispose();
        await DrainAsync(host, options.DrainTimeout, log, stopNow.Token);
        return ExitCodes.Success;

        async Task<int> FailAsync(string reason)
        {
            log.Fatal("{Reason}", reason);
            await Console.Error.WriteLineAsync($"ftpproxy: {reason}");
            return ExitCodes.RuntimeFailure;
        }
    }

    private static async Task DrainAsync(WorkerSessionHost host, TimeSpan drainTimeout, Serilog.ILogger log, CancellationToken stopNow)
    {
        if (host.ActiveSessions == 0)
        {
            return;
        }

        log.Information("Draining {Count} session(s) for up to {Seconds} s", host.ActiveSessions, drainTimeout.TotalSeconds);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(stopNow);
        drain.CancelAfter(drainTimeout);
        try
        {
            await host.WhenAllEndedAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            log.Information("Ending {Count} remaining session(s)", host.ActiveSessions);
        }
    }
}
