using System.Runtime.InteropServices;
using Serilog;

namespace FtpProxy.Cli;

/// <summary>SIGTERM or SIGINT: stop accepting and drain. A second SIGINT: stop now.</summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;
    private int _interrupts;

    public ShutdownSignals(CancellationTokenSource stopAccepting, CancellationTokenSource stopNow, ILogger log)
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            log.Information("SIGTERM: no new sessions; draining");
            stopAccepting.Cancel();
        });
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref _interrupts) == 1)
            {
                log.Information("SIGINT: no new sessions; draining (interrupt again to stop now)");
                stopAccepting.Cancel();
            }
            else
            {
                log.Information("Second SIGINT: stopping now");
                stopNow.Cancel();
            }
        });
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
    }
}
