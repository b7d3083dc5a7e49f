using System.Runtime.InteropServices;
using Serilog;

namespace FtpProxy.Cli;

/// <summary>
/// SIGTERM, SIGINT or SIGHUP: stop accepting and drain. SIGINT during a drain, whichever signal began
/// it: stop now (Ctrl-C in the terminal after a `kill`). SIGHUP drains because it means the terminal
/// has closed; the daemon has no configuration file to reload, and its default action would end it
/// with every session at once.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly CancellationTokenSource _stopAccepting;
    private readonly CancellationTokenSource _stopNow;
    private readonly ILogger _log;
    private int _signals;

    public ShutdownSignals(CancellationTokenSource stopAccepting, CancellationTokenSource stopNow, ILogger log)
    {
        _stopAccepting = stopAccepting;
        _stopNow = stopNow;
        _log = log;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var name = context.Signal.ToString();
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _log.Information("{Signal}: no new sessions; draining (interrupt to stop now)", name);
            _stopAccepting.Cancel();
        }
        else if (context.Signal == PosixSignal.SIGINT)
        {
            _log.Information("SIGINT during the drain: stopping now");
            _stopNow.Cancel();
        }
        else
        {
            _log.Information("{Signal}: already draining (interrupt to stop now)", name);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
