using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
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
    public static async Task<int> RunAsync(int channelFd, LogEventLevel level, LogFormat format)
    {
        // :: Step 1: run the whole hand-off and session path once while nobody waits (logging into
        // nowhere through the real formatter and sink, so those are compiled too), then tell the daemon.
        bool warm;
        using (var warmUpLog = LogSetup.CreateForWorker(level, format, new StreamWriter(Stream.Null)))
        {
            warm = await WarmUp.RunAsync(warmUpLog.ForContext(LogProperties.Pid, Environment.ProcessId));
        }

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
        if (length <= 0)
        {
            return 0;
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
        await ServeAsync(start, settings, clientFd, channelFd, log);
        return 0;
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

    /// <summary>Serves one session on the handed-over descriptor, reporting to and listening to the daemon. Owns both descriptors.</summary>
    public static async Task ServeAsync(StartSessionMessage start, SessionSettings settings, int clientFd, int channelFd, ILogger log)
    {
        using var client = new Socket(new SafeSocketHandle(clientFd, ownsHandle: true));
        using var channel = SeqPacketChannel.ToSocket(channelFd);
        var clientEndPoint = (client.RemoteEndPoint as IPEndPoint)?.ToString() ?? "?";
        var sessionLog = log
            .ForContext(LogProperties.SessionId, start.SessionId)
            .ForContext(LogProperties.Client, clientEndPoint);
        var reporter = new ParentReporter(channel);
        await using var session = new ProxySession(client, settings, sessionLog, reporter);
        reporter.Send(new SessionStartedMessage(start.SessionId, clientEndPoint));
        using var stopListening = new CancellationTokenSource();
        var listening = ListenToDaemonAsync(channel, session, sessionLog, stopListening.Token);
        await session.RunAsync();
        await stopListening.CancelAsync();
        await listening;
    }

    private static async Task ListenToDaemonAsync(Socket channel, ProxySession session, ILogger log, CancellationToken token)
    {
        var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
        try
        {
            while (true)
            {
                var length = await channel.ReceiveAsync(buffer, SocketFlags.None, token);
                if (length == 0)
                {
                    log.Information("Daemon gone; the session carries on to its end");
                    return;
                }

                if (!MessageCodec.TryDecode(buffer.AsSpan(0, length), out var message))
                {
                    log.Warning("Ignoring an invalid message from the daemon");
                    continue;
                }

                switch (message)
                {
                    case KickMessage:
                        session.Terminate(ProxyReplies.Kicked, "kicked by the administrator");
                        break;
                    case ShutdownMessage:
                        session.Terminate(ProxyReplies.ShuttingDown, "daemon shutting down");
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
        catch (SocketException)
        {
            // The daemon is gone.
        }
    }
}
