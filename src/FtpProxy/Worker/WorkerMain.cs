using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Session;
using Serilog;
using Serilog.Events;

namespace FtpProxy.Worker;

/// <summary>
/// A worker process (the hidden `ftpproxy worker` command): warm up, report ready, wait for one
/// client socket from the daemon, serve that one session, exit. Nothing of a session outlives it.
/// </summary>
internal static class WorkerMain
{
    public static int Run(int channelFd, LogEventLevel level, LogFormat format)
    {
        // Ctrl-C in a terminal, closing the terminal (SIGHUP) and `systemctl stop` (KillMode=control-group)
        // signal the whole process group. When a session ends is the daemon's decision (its drain,
        // then a 421 or SIGKILL), so a worker ignores SIGINT and SIGHUP, and SIGTERM for as long as
        // its daemon lives (SigtermListener); `ftpproxy sessions kick` ends one session.
        NativeMethods.IgnoreSignal(NativeMethods.SigInt);
        NativeMethods.IgnoreSignal(NativeMethods.SigHup);
        using var sigterms = SigtermListener.TryStart();

        // :: Step 1: run the whole hand-off and session path once while nobody waits (logging into
        // /dev/null through the real formatter, sink and write(2) path, so those are compiled too), then tell the daemon.
        bool warm;
        using (var warmUpLog = LogSetup.CreateForWorker(level, format, StandardError.OpenDiscardingWriter()))
        {
            warm = WarmUp.Run(warmUpLog.ForContext(LogProperties.Pid, Environment.ProcessId));
        }

        // The warm-up's compiler scratch memory is freed by now (the launcher turns the JIT's slab
        // cache off); give its pages back, or every spare and session child keeps them private:
        // 0.14 MiB each (docs/benchmarks.md).
        _ = NativeMethods.ReleaseFreedHeapMemory();

        using var rootLog = LogSetup.CreateForWorker(level, format, StandardError.OpenWriter());
        var log = rootLog.ForContext(LogProperties.Pid, Environment.ProcessId);
        if (!warm)
        {
            log.Warning("Worker warm-up did not complete; its first client may wait for the JIT");
        }

        if (!SeqPacketChannel.TrySend(channelFd, MessageCodec.Encode(new WorkerReadyMessage(Environment.ProcessId))))
        {
            return 0;
        }

        // :: Step 2: block until the daemon hands over a client (end of stream: the daemon is gone or stopping).
        var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
        var length = SeqPacketChannel.Receive(channelFd, buffer, out var clientFd);
        if (length == 0)
        {
            return 0;
        }

        if (length < 0)
        {
            log.Error("Worker could not read the daemon's hand-off (a failed or oversized message); exiting");
            return 1;
        }

        if (!TryReadStart(buffer.AsSpan(0, length), clientFd, out var start, out var settings))
        {
            log.Error("Worker received an invalid start message; exiting");
            if (clientFd >= 0)
            {
                NativeMethods.Close(clientFd);
            }

            return 1;
        }

        // :: Step 3: serve it.
        return Serve(start, settings, clientFd, channelFd, log, sigterms) ? 0 : 1;
    }

    /// <summary>SECURITY: even the parent's message is validated before the descriptor is trusted.</summary>
    public static bool TryReadStart(ReadOnlySpan<byte> message, int clientFd, out StartSessionMessage start, out SessionSettings settings)
    {
        start = null!;
        settings = null!;
        if (clientFd < 0 || !MessageCodec.TryDecode(message, out var decoded) || decoded is not StartSessionMessage startMessage)
        {
            return false;
        }

        start = startMessage;
        return startMessage.Settings.TryToSettings(out settings, out _);
    }

    /// <summary>
    /// Serves one session on the handed-over descriptor, reporting to and listening to the daemon.
    /// Owns both descriptors. False if the daemon could not be told that this worker has the client.
    /// </summary>
    /// <param name="sigterms">Heard once the daemon is gone; null in the warm-up, which must not take a real SIGTERM for its own.</param>
    public static bool Serve(StartSessionMessage start, SessionSettings settings, int clientFd, int channelFd, ILogger log, SigtermListener? sigterms)
    {
        // First the daemon's acknowledgement, one send: until it arrives the daemon keeps its copy of
        // the client, to hand it to another worker if this one dies. It goes before anything that may
        // block (resolving the server's name), and before the first byte to the client.
        if (!SeqPacketChannel.TrySend(channelFd, MessageCodec.Encode(new SessionStartedMessage(start.SessionId)), out var errno)
            && !SeqPacketChannel.IsPeerGone(errno))
        {
            // The daemon is there but did not hear us (out of buffers): it still holds the client and
            // hands it to another worker once this one is gone. Serving it too would make two sessions of it.
            log.Error("Worker could not tell the daemon it has its client (errno {Errno}); leaving the client to another worker", errno);
            NativeMethods.Close(clientFd);
            NativeMethods.Close(channelFd);
            return false;
        }

        // Then the server, so that its accept and greeting overlap everything below.
        using var upstream = ProxySession.StartUpstreamConnect(settings);
        using var client = new Socket(new SafeSocketHandle(clientFd, ownsHandle: true));
        using var channel = SeqPacketChannel.ToSocket(channelFd);
        var clientEndPoint = (client.RemoteEndPoint as IPEndPoint)?.ToString() ?? "?";
        var sessionLog = log
            .ForContext(LogProperties.SessionId, start.SessionId)
            .ForContext(LogProperties.Client, clientEndPoint);
        var daemon = new DaemonLink(channel, sessionLog, sigterms);
        using var session = new ProxySession(client, upstream, settings, sessionLog, daemon, daemon);
        session.Run();
        return true;
    }
}
