using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Networking;
using FtpProxy.Protocol;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Translation;
using Serilog;

namespace FtpProxy.Session;

/// <summary>
/// One client's session: it owns both control connections and the data channels, runs the
/// <see cref="ControlTranslator"/> and carries out its actions. One thread runs it all, as in
/// vsftpd and OpenBSD ftp-proxy: it takes the next event that is ready (<see cref="TryTakeEvent"/>)
/// or waits in poll(2) for a socket or a deadline. No thread pool, no locks. Teardown happens in one place.
/// </summary>
internal sealed partial class ProxySession : IDisposable, IWriteInterruption
{
    /// <summary>How long the last words of a session that is ending anyway (its 421) may wait for a peer that does not read.</summary>
    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _client;
    private readonly TcpConnector _upstreamConnector;
    private readonly SessionSettings _settings;
    private readonly ISessionObserver _observer;
    private readonly ITerminationSource? _terminations;
    private readonly Queue<SessionEvent> _events = new();
    private readonly Poller _poller = new();
    private readonly TransferProgressClock _progress = new();
    private ILogger _log;
    private Socket? _upstream;
    private ControlConnection? _clientControl;
    private ControlConnection? _upstreamControl;
    private ControlTranslator? _translator;
    private DataChannels? _data;
    private long _lastActivity;
    private string _endReason = "session ended";
    private bool _ending;
    private bool _tornDown;

    /// <param name="upstreamConnector">The connect to the server, started by the caller as early as it could (<see cref="StartUpstreamConnect"/>). The caller disposes it, so an attempt is closed even if the session never ran.</param>
    public ProxySession(Socket client, TcpConnector upstreamConnector, SessionSettings settings, ILogger log, ISessionObserver observer, ITerminationSource? terminations)
    {
        _client = client;
        _upstreamConnector = upstreamConnector;
        _settings = settings;
        _log = log;
        _observer = observer;
        _terminations = terminations;
    }

    /// <summary>
    /// Starts the connect to the server. A host calls this before anything else it does for a new
    /// client (wrapping sockets, reporting, logging), so that the server accepts and writes its
    /// greeting meanwhile (on loopback about 0.25 ms of connect→220; docs/benchmarks.md).
    /// </summary>
    public static TcpConnector StartUpstreamConnect(SessionSettings settings) =>
        TcpConnector.Start(settings.Upstream.Host, settings.Upstream.Port, settings.UpstreamConnectTimeout);

    /// <summary>Runs the session to its end and returns why it ended. Never throws for anything a peer does.</summary>
    public string Run()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            RunCore();
        }
        finally
        {
            Teardown();
            _log.Information(
                "Session ended: {Reason} after {Seconds:F1} s",
                _endReason,
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            _observer.Ended(_endReason);

            // Last, after the session is reported ended: this may wait for the client to close.
            LingeringClose.Close(_client);
        }

        return _endReason;
    }

    private void RunCore()
    {
        _client.NoDelay = true;
        // Netkit and BSD clients send the Telnet Synch as urgent data before ABOR; keep it in the
        // stream (vsftpd does the same) so IAC DM stays in the line, where the command parser skips it.
        _client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.OutOfBandInline, true);
        _clientControl = new ControlConnection(_client, _settings.IdleTimeout, FtpLimits.MaxLineLength, rejectNul: true, interruption: this);
        _log.Information("Session started");
        if (!SocketAddresses.TryRead(_client, out var clientLocal, out var clientRemote))
        {
            // Reset before we looked (a scanner, an impatient client): nobody is left to tell.
            _endReason = "client gone before the session started";
            return;
        }

        // :: Step 1: reach the server (the connect is under way already). If it cannot be reached the client hears why, in FTP.
        if (!TryCompleteUpstreamConnect(out var connected))
        {
            return;
        }

        _upstream = connected.Socket; // from here the teardown closes it, whatever follows
        IPEndPoint upstreamLocal = null!, upstreamRemote = null!;
        if (_upstream is null || !SocketAddresses.TryRead(_upstream, out upstreamLocal, out upstreamRemote))
        {
            var error = _upstream is null ? connected.Error : "connection reset";
            _log.Warning("Cannot reach upstream {Upstream}: {Error}", _settings.Upstream, error);
            _clientControl.Write(LineEncoder.EncodeLines(ProxyReplies.UpstreamUnavailable(error).Lines));
            _endReason = "upstream unreachable";
            return;
        }

        _upstream.NoDelay = true;
        _upstreamControl = new ControlConnection(_upstream, _settings.IdleTimeout, FtpLimits.MaxReplyLineLength, rejectNul: false, interruption: this);
        var endpoints = new SessionEndpoints(clientRemote, clientLocal, upstreamRemote, upstreamLocal);
        _log.Debug("Connected to upstream {Upstream} from {Local}", endpoints.UpstreamRemote, endpoints.UpstreamLocal);

        // :: Step 2: the translator decides; the loop feeds it one event at a time until it or a peer ends the session.
        _translator = new ControlTranslator(new TranslatorSettings(endpoints.ClientRemote.Address, _settings.UpstreamMode));
        _data = new DataChannels(_settings, endpoints, _events, _log);
        Touch();
        while (!_ending)
        {
            if (TryTakeEvent(out var next))
            {
                Handle(next);
            }
            else
            {
                WaitForInput();
            }
        }
    }

    private void Handle(SessionEvent next)
    {
        var translator = _translator!;
        switch (next)
        {
            case ClientLineArrived line:
                Touch();
                if (line.Status == FrameStatus.Line)
                {
                    LogCommand("C>", line.Line);
                    Execute(translator.OnClientLine(line.Line));
                }
                else
                {
                    _log.Debug("Client line rejected: {Status}", line.Status);
                    Execute(translator.OnClientLineRejected(line.Status));
                }

                break;
            case ClientClosed:
                _log.Debug("Client closed the connection; the session ends once nothing it asked for is in flight");
                Execute(translator.OnClientGone("client closed the connection"));
                break;
            case UpstreamReplyArrived reply:
                Touch();
                LogReply("S>", reply.Reply);
                Execute(translator.OnUpstreamReply(reply.Reply));
                break;
            case UpstreamReplyTooLarge:
                _log.Warning("Upstream sent a line or reply over the limit; closing");
                Execute(translator.OnTerminate(ProxyReplies.UpstreamReplyTooLarge, "upstream reply too large"));
                break;
            case UpstreamClosed:
                Execute(translator.OnUpstreamClosed());
                break;
            case UpstreamDataConnected connected:
                Execute(translator.OnUpstreamDataConnected(_data!.AcceptUpstreamConnection(connected)));
                break;
            case TransferFinished finished:
                Touch();
                LogTransfer(finished.Report);
                _observer.TransferDone(finished.Report);
                Execute(translator.OnTransferFinished(finished.Report.Outcome));
                break;
            case IdleTimerFired:
                _log.Information("Idle for {Seconds:F0} s", _settings.IdleTimeout.TotalSeconds);
                LimitFinalWrites();
                Execute(translator.OnTerminate(ProxyReplies.IdleTimeout, "idle timeout"));
                break;
            case TerminationRequested terminate:
                _log.Information("Terminating session: {Reason}", terminate.Reason);
                LimitFinalWrites();
                Execute(translator.OnTerminate(terminate.Reply, terminate.Reason));
                break;
        }
    }

    private void Touch() => _lastActivity = Environment.TickCount64;

    /// <summary>The 421 of a session that is ending anyway waits a few seconds for a peer that does not read, not the whole idle timeout.</summary>
    private void LimitFinalWrites()
    {
        _clientControl?.LimitWriteWait(FinalWriteTimeout);
        _upstreamControl?.LimitWriteWait(FinalWriteTimeout);
    }

    /// <summary>
    /// Waits for the connect to the server; false if the daemon ended the session meanwhile (the
    /// client has its 421): a kick or a shutdown must not wait for the connect's 30 s timeout
    /// against a server that drops connection attempts.
    /// </summary>
    private bool TryCompleteUpstreamConnect(out ConnectResult connected)
    {
        while (!_upstreamConnector.TryComplete(TerminationSocket, out connected))
        {
            if (TakeTerminationRequest() is { } request)
            {
                _log.Information("Terminating session: {Reason}", request.Reason);
                LimitFinalWrites();
                _clientControl!.Write(LineEncoder.EncodeLines(request.Reply.Lines));
                _endReason = request.Reason;
                return false;
            }
        }

        return true;
    }

    private void End(string reason)
    {
        if (!_ending)
        {
            _ending = true;
            _endReason = reason;
        }
    }

    /// <summary>Idempotent: the session's one teardown point (OpenBSD ftp-proxy's end_session).</summary>
    public void Dispose()
    {
        Teardown();
        _client.Dispose();
    }

    /// <summary>
    /// Ends the data connections and the server's, and the client's sending side: the client reads
    /// our end of file right after the final reply. The client's socket is closed by <see cref="Run"/>
    /// (<see cref="LingeringClose"/>), or by <see cref="Dispose"/>.
    /// </summary>
    private void Teardown()
    {
        if (_tornDown)
        {
            return;
        }

        _tornDown = true;
        _ending = true;
        ReportUnfinishedTransfers();
        _data?.Dispose();
        _ = SendingSide.TryEnd(_client);
        if (_upstream is not null)
        {
            CloseGracefully(_upstream);
        }
    }

    /// <summary>
    /// A transfer the session's end cuts short (a kick, a shutdown, a peer gone) is logged and
    /// reported aborted with its bytes so far, as is one that finished while the session was ending:
    /// the transfers cut short are the ones an operator most needs to see.
    /// </summary>
    private void ReportUnfinishedTransfers()
    {
        _data?.AbortTransfer();
        while (_events.TryDequeue(out var pending))
        {
            if (pending is TransferFinished finished)
            {
                LogTransfer(finished.Report);
                _observer.TransferDone(finished.Report);
            }
        }
    }

    /// <summary>FIN after everything written, so a final reply is not lost to an RST.</summary>
    private static void CloseGracefully(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }
}
