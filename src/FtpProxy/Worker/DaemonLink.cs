using System.Net.Sockets;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Worker;

/// <summary>
/// The worker's end of its channel to the daemon, once a session runs: reports what the session
/// does (for the daemon's registry) and hears the daemon's kick and shutdown. A daemon that is gone
/// is ignored: the session goes on, and from then on a SIGTERM ends it (<see cref="SigtermListener"/>).
/// </summary>
internal sealed class DaemonLink(Socket channel, ILogger log, SigtermListener? sigterms) : ISessionObserver, ITerminationSource
{
    /// <summary>At most 3 UTF-8 bytes a character: two such strings and the rest of a report stay well inside one datagram.</summary>
    private const int MaxReportedTextLength = 1024;

    private readonly byte[] _receiveBuffer = new byte[SeqPacketChannel.MaxMessageBytes];

    private bool _daemonGone;

    /// <summary>The daemon's channel; once the daemon is gone, where a SIGTERM is heard instead.</summary>
    public Socket Socket => _daemonGone ? sigterms!.Socket : channel;

    /// <summary>A blocking send of one small datagram (the daemon always reads its workers' channels). A daemon that died is ignored: sessions outlive it by design.</summary>
    public void Send(HandoffMessage message) => channel.Send(MessageCodec.Encode(message), SocketFlags.None, out _);

    public bool TryRead(out TerminationRequested? request)
    {
        if (_daemonGone)
        {
            return sigterms!.TryRead(out request);
        }

        request = null;
        var length = channel.Receive(_receiveBuffer, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            return true;
        }

        if (error != SocketError.Success || length <= 0)
        {
            // Killed or crashed: a daemon that stops asks its sessions to end first. A SIGTERM that
            // came meanwhile (systemd sends it as the daemon dies) waits in the listener.
            if (sigterms is null)
            {
                return false;
            }

            _daemonGone = true;
            log.Information("Daemon gone; the session carries on to its end, or until a SIGTERM");
            return true;
        }

        // SECURITY: even the daemon's messages are validated before the session acts on them.
        if (!MessageCodec.TryDecode(_receiveBuffer.AsSpan(0, length), out var message))
        {
            log.Warning("Ignoring an invalid message from the daemon");
            return true;
        }

        request = message switch
        {
            KickMessage => new TerminationRequested(ProxyReplies.Kicked, "kicked by the administrator"),
            ShutdownMessage => new TerminationRequested(ProxyReplies.ShuttingDown, "daemon shutting down"),
            _ => null,
        };
        return true;
    }

    public void LoggedIn(string user)
    {
        // Its own lines (the daemon gone, a message refused) name the user too, as the session's do.
        log = log.ForContext(LogProperties.User, user);
        Send(new LoggedInMessage(Shorten(user)));
    }

    public void TransferStarted(string verb, string path) => Send(new TransferStartedMessage(verb, Shorten(path)));

    public void TransferProgress(long bytesSoFar) => Send(new TransferProgressMessage(bytesSoFar));

    public void TransferDone(TransferReport report) => Send(new TransferDoneMessage(
        report.Verb, Shorten(Protocol.Framing.LineEncoder.ToDisplay(report.Path)), report.Bytes, report.Duration.TotalSeconds, report.Outcome.ToString()));

    /// <summary>
    /// What a client wrote, as shown by `sessions list`, cut to <see cref="MaxReportedTextLength"/>:
    /// escaped for display, a 4 KiB line can grow to 16 KiB, and a report must fit in one datagram.
    /// </summary>
    private static string Shorten(string text) =>
        text.Length <= MaxReportedTextLength ? text : string.Concat(text.AsSpan(0, MaxReportedTextLength), "…");

    public void Ended(string reason) => Send(new SessionEndedMessage(reason));
}
