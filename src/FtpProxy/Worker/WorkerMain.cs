using System.Net;
using System.Net.Sockets;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Worker;

/// <summary>
/// A worker process (the hidden `ftpproxy worker` command): warm up, report ready, wait for one
/// client socket from the daemon, serve that one session, exit. Nothing of a session outlives it.
/// </summary>
internal static class WorkerMain
{
    public static async Task<int> RunAsync(int channelFd, ILogger log)
    {
        log = log.ForContext(LogProperties.Pid, Environment.ProcessId);

        // :: Step 1: compile the session path while nobody waits, then tell the daemon.
        await WarmUp.RunAsync();
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

        // SECURITY: even the parent's message is validated before the descriptor is trusted.
        if (!MessageCodec.TryDecode(buffer.AsSpan(0, length), out var message)
            || message is not StartSessionMessage start
            || clientFd < 0
            || !start.Settings.TryToSettings(out var settings, out var error))
        {
            log.Error("Worker received an invalid start message; exiting");
            if (clientFd >= 0)
            {
                NativeMethods.Close(clientFd);
            }

            return 1;
        }

        // :: Step 3: serve the session, listening to the daemon for kick and shutdown.
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
        return 0;
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
