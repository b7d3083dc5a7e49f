using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FtpProxy.Configuration;
using FtpProxy.Networking;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Translation;
using Serilog;

namespace FtpProxy.Session;

/// <summary>
/// One client's session: it owns both control connections and the data channels, runs the
/// <see cref="ControlTranslator"/> and carries out its actions. All state is touched by one loop;
/// readers, connects and transfers report to it through channels. Teardown happens in one place.
/// </summary>
internal sealed partial class ProxySession : IAsyncDisposable
{
    private const int ControlEventCapacity = 16;

    /// <summary>
    /// Each reader hands its event straight to the waiting loop on its own thread (synchronous
    /// continuations): one thread-pool hop less per command and per reply.
    /// </summary>
    private static readonly BoundedChannelOptions ControlEventOptions = new(ControlEventCapacity)
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = true,
    };

    private readonly Socket _client;
    private readonly SessionSettings _settings;
    private readonly ISessionObserver _observer;
    private readonly TimeProvider _time;
    private readonly Channel<SessionEvent> _clientEvents = Channel.CreateBounded<SessionEvent>(ControlEventOptions);
    private readonly Channel<SessionEvent> _upstreamEvents = Channel.CreateBounded<SessionEvent>(ControlEventOptions);
    private readonly Channel<SessionEvent> _ioEvents = Channel.CreateUnbounded<SessionEvent>();
    private readonly CancellationTokenSource _readersStop = new();
    private ILogger _log;
    private Socket? _upstream;
    private ControlWriter? _clientWriter;
    private ControlWriter? _upstreamWriter;
    private ControlTranslator? _translator;
    private DataChannels? _data;
    private long _lastActivity;
    private string _endReason = "session ended";
    private bool _ending;
    private bool _tornDown;

    public ProxySession(Socket client, SessionSettings settings, ILogger log, ISessionObserver observer, TimeProvider? time = null)
    {
        _client = client;
        _settings = settings;
        _log = log;
        _observer = observer;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Ends the session from outside (administrator, shutdown): the client gets <paramref name="reply"/>. Thread-safe.</summary>
    public void Terminate(FtpReply reply, string reason) => _ioEvents.Writer.TryWrite(new TerminationRequested(reply, reason));

    /// <summary>Runs the session to its end and returns why it ended. Never throws for anything a peer does.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var cancelRegistration = cancellationToken.Register(() => Terminate(ProxyReplies.ShuttingDown, "proxy shutting down"));
        try
        {
            await RunCoreAsync();
        }
        finally
        {
            await TeardownAsync();
            _log.Information(
                "Session ended: {Reason} after {Seconds:F1} s",
                _endReason,
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            _observer.Ended(_endReason);
        }

        return _endReason;
    }

    private async Task RunCoreAsync()
    {
        _client.NoDelay = true;
        // Netkit and BSD clients send the Telnet Synch as urgent data before ABOR; keep it in the
        // stream (vsftpd does the same) so the framer sees and strips IAC DM instead of a stray byte.
        _client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.OutOfBandInline, true);
        _clientWriter = new ControlWriter(_client, _settings.IdleTimeout);
        _log.Information("Session started");

        // :: Step 1: reach the server. If it cannot be reached the client hears why, in FTP.
        var connected = await TcpConnector.ConnectAsync(
            _settings.Upstream.Host, _settings.Upstream.Port, _settings.UpstreamConnectTimeout, _readersStop.Token);
        if (!connected.Succeeded)
        {
            _log.Warning("Cannot reach upstream {Upstream}: {Error}", _settings.Upstream, connected.Error);
            await _clientWriter.WriteAsync(TelnetEncoder.EncodeLines(ProxyReplies.UpstreamUnavailable(connected.Error).Lines));
            _endReason = "upstream unreachable";
            return;
        }

        _upstream = connected.Socket!;
        _upstream.NoDelay = true;
        _upstreamWriter = new ControlWriter(_upstream, _settings.IdleTimeout);
        var endpoints = new SessionEndpoints(
            (IPEndPoint)_client.RemoteEndPoint!,
            (IPEndPoint)_client.LocalEndPoint!,
            (IPEndPoint)_upstream.RemoteEndPoint!,
            (IPEndPoint)_upstream.LocalEndPoint!);
        _log.Debug("Connected to upstream {Upstream} from {Local}", endpoints.UpstreamRemote, endpoints.UpstreamLocal);

        // :: Step 2: the translator decides; readers and the idle timer feed it.
        _translator = new ControlTranslator(new TranslatorSettings(endpoints.ClientRemote.Address, _settings.UpstreamMode));
        _data = new DataChannels(_settings, endpoints, _ioEvents.Writer, _log);
        var clientReader = ControlReader.RunClientAsync(_client, _clientEvents.Writer, _readersStop.Token);
        var upstreamReader = ControlReader.RunUpstreamAsync(_upstream, _upstreamEvents.Writer, _readersStop.Token);
        _lastActivity = _time.GetTimestamp();
        using var idleTimer = _time.CreateTimer(_ => _ioEvents.Writer.TryWrite(new IdleTimerFired()), null, _settings.IdleTimeout, Timeout.InfiniteTimeSpan);

        // :: Step 3: one event at a time until the translator or a peer ends the session.
        var events = new SessionEventSource(_ioEvents.Reader, _upstreamEvents.Reader, _clientEvents.Reader);
        while (!_ending)
        {
            var next = await events.NextAsync(_translator.CanAcceptClientInput);
            await HandleAsync(next, idleTimer);
        }

        _readersStop.Cancel();
        await Task.WhenAll(clientReader, upstreamReader);
    }

    private async Task HandleAsync(SessionEvent next, ITimer idleTimer)
    {
        var translator = _translator!;
        switch (next)
        {
            case ClientLineArrived line:
                Touch();
                if (line.Status == FrameStatus.Line)
                {
                    LogCommand("C>", line.Line);
                    await ExecuteAsync(translator.OnClientLine(line.Line));
                }
                else
                {
                    _log.Debug("Client line rejected: {Status}", line.Status);
                    await ExecuteAsync(translator.OnClientLineRejected(line.Status));
                }

                break;
            case ClientClosed:
                End("client closed the connection");
                if (_upstreamWriter is not null)
                {
                    // Be polite to the server: the client (wget does this) left without QUIT.
                    await _upstreamWriter.WriteAsync(TelnetEncoder.EncodeLine(FtpVerbs.Quit));
                }

                break;
            case UpstreamReplyArrived reply:
                Touch();
                LogReply("S>", reply.Reply);
                await ExecuteAsync(translator.OnUpstreamReply(reply.Reply));
                break;
            case UpstreamReplyTooLarge:
                _log.Warning("Upstream sent a line or reply over the limit; closing");
                await ExecuteAsync(translator.OnTerminate(ProxyReplies.UpstreamReplyTooLarge, "upstream reply too large"));
                break;
            case UpstreamClosed:
                await ExecuteAsync(translator.OnUpstreamClosed());
                break;
            case UpstreamDataConnected connected:
                await ExecuteAsync(translator.OnUpstreamDataConnected(_data!.AcceptUpstreamConnection(connected)));
                break;
            case TransferFinished finished:
                Touch();
                LogTransfer(finished.Report);
                _observer.TransferDone(finished.Report);
                await ExecuteAsync(translator.OnTransferFinished(finished.Report.Outcome));
                break;
            case IdleTimerFired:
                await OnIdleTimerAsync(idleTimer);
                break;
            case TerminationRequested terminate:
                _log.Information("Terminating session: {Reason}", terminate.Reason);
                await ExecuteAsync(translator.OnTerminate(terminate.Reply, terminate.Reason));
                break;
        }
    }

    private async Task OnIdleTimerAsync(ITimer idleTimer)
    {
        var quiet = _time.GetElapsedTime(_lastActivity);
        if (_translator!.IsTransferring || quiet < _settings.IdleTimeout)
        {
            // A running transfer has its own idle deadline in the bridge.
            var wait = _translator.IsTransferring ? _settings.IdleTimeout : _settings.IdleTimeout - quiet;
            idleTimer.Change(wait, Timeout.InfiniteTimeSpan);
            return;
        }

        _log.Information("Idle for {Seconds:F0} s", quiet.TotalSeconds);
        await ExecuteAsync(_translator.OnTerminate(ProxyReplies.IdleTimeout, "idle timeout"));
    }

    private void Touch() => _lastActivity = _time.GetTimestamp();

    private void End(string reason)
    {
        if (!_ending)
        {
            _ending = true;
            _endReason = reason;
        }
    }

    /// <summary>Idempotent: the session's one teardown point (OpenBSD ftp-proxy's end_session).</summary>
    public ValueTask DisposeAsync() => new(TeardownAsync());

    private async Task TeardownAsync()
    {
        if (_tornDown)
        {
            return;
        }

        _tornDown = true;
        _ending = true;
        _readersStop.Cancel();
        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        CloseGracefully(_client);
        if (_upstream is not null)
        {
            CloseGracefully(_upstream);
        }

        _readersStop.Dispose();
    }

    /// <summary>FIN after everything written, so a final 421 or 221 is not lost to an RST.</summary>
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
