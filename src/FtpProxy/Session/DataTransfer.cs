using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Networking;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Translation;
using Serilog;

namespace FtpProxy.Session;

/// <summary>
/// One transfer, step by step as the session's poll loop drives it: the server's data connection
/// (already connected, or accepted), then the client's (connected to its PORT address, or accepted
/// on the passive port), then the relay until end of file. Owns every socket it was given.
/// </summary>
internal sealed class DataTransfer : IDisposable
{
    private enum Step
    {
        ServerSide,
        ClientSide,
        Relay,
    }

    private readonly StartTransfer _transfer;
    private readonly SessionSettings _settings;
    private readonly SessionEndpoints _endpoints;
    private readonly byte[] _relayBuffer;
    private readonly ILogger _log;
    private readonly long _started = Stopwatch.GetTimestamp();
    private Step _step = Step.ServerSide;
    private Socket? _upstream;
    private Socket? _keptServerSide;
    private Socket? _upstreamListener;
    private Socket? _client;
    private Socket? _clientListener;
    private PendingConnection? _clientConnect;
    private DataRelay? _relay;
    private long _setupDeadline;
    private int _slot = -1;

    public DataTransfer(
        StartTransfer transfer,
        Socket? upstreamData,
        Socket? upstreamListener,
        Socket? clientListener,
        SessionSettings settings,
        SessionEndpoints endpoints,
        byte[] relayBuffer,
        ILogger log)
    {
        _transfer = transfer;
        _upstream = upstreamData;
        _upstreamListener = upstreamListener;
        _clientListener = clientListener;
        _settings = settings;
        _endpoints = endpoints;
        _relayBuffer = relayBuffer;
        _log = log;
        _setupDeadline = SetupDeadline();
    }

    /// <summary>Bytes relayed so far: 0 until both data connections are up.</summary>
    public long BytesSoFar => _relay?.Bytes ?? 0;

    /// <summary>When the current step gives up (or the relay times out), in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline => _step == Step.Relay ? _relay!.Deadline : _setupDeadline;

    public void Watch(Poller poller)
    {
        _slot = -1;
        switch (_step)
        {
            case Step.ServerSide when _upstreamListener is not null:
                _slot = poller.WatchReadable(_upstreamListener);
                break;
            case Step.ClientSide when _clientConnect is not null:
                _slot = poller.WatchWritable(_clientConnect.Handle);
                break;
            case Step.ClientSide when _clientListener is not null:
                _slot = poller.WatchReadable(_clientListener);
                break;
            case Step.Relay:
                _relay!.Watch(poller);
                break;
        }
    }

    /// <summary>
    /// Takes the first steps that need no waiting (the server's side is often connected already);
    /// its report when the transfer cannot even start, else null.
    /// </summary>
    public TransferReport? Start() => AdvanceServerSide(ready: false) is { } finished ? Finish(finished) : null;

    /// <summary>Moves the transfer on after a wait; its report once it is over, else null.</summary>
    public TransferReport? Advance(Poller poller)
    {
        var ready = poller.IsReady(_slot);
        _slot = -1;
        var outcome = _step switch
        {
            Step.ServerSide => AdvanceServerSide(ready),
            Step.ClientSide => AdvanceClientSide(ready),
            _ => _relay!.Advance(poller),
        };
        if (outcome == TransferOutcome.Broken && _relay is { DestinationGone: true } && _transfer.Direction == TransferDirection.Download)
        {
            // The client left a download (curl -r closes its data connection, then sends ABOR): the
            // server's side is kept for the ABOR that may follow, as for an ABOR (see Abort).
            KeepServerSide();
        }

        return outcome is { } finished ? Finish(finished) : null;
    }

    /// <summary>Ends the transfer now (ABOR, session teardown) and reports it aborted.</summary>
    /// <summary>
    /// The client's ABOR: the client's side is reset, the server's data connection is kept open
    /// (<see cref="TakeKeptServerSide"/>) for the server to end once it has read the ABOR, as it
    /// would with a client; reset first, pure-ftpd ends the transfer with a last line coded 150 and
    /// never answers the ABOR.
    /// </summary>
    public TransferReport Abort()
    {
        KeepServerSide();
        return Finish(TransferOutcome.Aborted);
    }

    /// <summary>The server's data connection, kept open by <see cref="Abort"/> or a client that left a download; the caller owns it.</summary>
    public Socket? TakeKeptServerSide()
    {
        var kept = _keptServerSide;
        _keptServerSide = null;
        return kept;
    }

    private void KeepServerSide()
    {
        _keptServerSide = _upstream;
        _upstream = null;
    }

    /// <summary>Teardown of a transfer that has not finished: its connections are reset (see <see cref="CloseSockets"/>).</summary>
    public void Dispose() => CloseSockets(finished: false);

    private TransferOutcome? AdvanceServerSide(bool ready)
    {
        if (_upstream is null)
        {
            _upstream = TryAccept(_upstreamListener, _endpoints.UpstreamRemote.Address, ready);
            if (_upstream is null)
            {
                return GivesUp(_upstreamListener) ? TransferOutcome.UpstreamUnreachable : null;
            }
        }

        _upstreamListener?.Dispose();
        _upstreamListener = null;
        _step = Step.ClientSide;
        _setupDeadline = SetupDeadline();
        if (_transfer.ActiveTarget is { } target)
        {
            // From the address the client connected to, as servers do: with several addresses on
            // this host the route may choose another, which clients and their firewalls refuse.
            _clientConnect = PendingConnection.Start(target, _settings.DataSetupTimeout, source: _endpoints.ClientLocal.Address);
        }

        // The client's side may be ready already (a connect refused at once, a client waiting in the backlog).
        return AdvanceClientSide(ready: _clientConnect?.IsDecided == true);
    }

    private TransferOutcome? AdvanceClientSide(bool ready)
    {
        if (_clientConnect is not null)
        {
            if (_clientConnect.TryComplete(ready) is not { } connected)
            {
                return null;
            }

            if (!connected.Succeeded)
            {
                _log.Warning("Cannot connect to the client's data port {Target}: {Error}", _transfer.ActiveTarget, connected.Error);
                return TransferOutcome.ClientUnreachable;
            }

            _client = connected.Socket!;
        }
        else
        {
            _client = TryAccept(_clientListener, _endpoints.ClientRemote.Address, ready);
            if (_client is null)
            {
                return GivesUp(_clientListener) ? TransferOutcome.ClientUnreachable : null;
            }
        }

        _clientListener?.Dispose();
        _clientListener = null;
        _step = Step.Relay;
        var (source, destination) = _transfer.Direction == TransferDirection.Download ? (_upstream!, _client) : (_client, _upstream!);
        _relay = new DataRelay(source, destination, _relayBuffer, _settings.IdleTimeout);
        return null;
    }

    private TransferReport Finish(TransferOutcome outcome)
    {
        var report = new TransferReport(
            _transfer.Command.Verb,
            _transfer.Command.Argument,
            outcome,
            _relay?.Bytes ?? 0,
            Stopwatch.GetElapsedTime(_started));
        CloseSockets(finished: outcome == TransferOutcome.Completed);
        return report;
    }

    /// <summary>
    /// A finished transfer's connections close normally (the relay has already sent its end of
    /// file). Any other is reset: in stream mode an end of file means "the file is complete", and a
    /// server storing an upload or a client saving a download must not take a cut-off one for whole.
    /// </summary>
    private void CloseSockets(bool finished)
    {
        _clientConnect?.Dispose();
        _clientConnect = null;
        _upstreamListener?.Dispose();
        _upstreamListener = null;
        _clientListener?.Dispose();
        _clientListener = null;
        Close(ref _upstream, finished);
        Close(ref _client, finished);
    }

    private static void Close(ref Socket? socket, bool finished)
    {
        if (finished)
        {
            socket?.Dispose();
        }
        else
        {
            socket?.Reset();
        }

        socket = null;
    }

    /// <summary>The expected peer's connection, once the listener was reported ready and it has arrived.</summary>
    private Socket? TryAccept(Socket? listener, IPAddress expectedPeer, bool ready) =>
        listener is not null && ready ? DataListener.TryAcceptFrom(listener, expectedPeer, OnStranger) : null;

    /// <summary>No listener to wait on, or the set-up deadline passed.</summary>
    private bool GivesUp(Socket? listener) => listener is null || Environment.TickCount64 >= _setupDeadline;

    private long SetupDeadline() => Poller.DeadlineAfter(_settings.DataSetupTimeout);

    private void OnStranger(EndPoint? peer) =>
        _log.Warning("SECURITY: refused a data connection from {Peer}: not the session's peer", peer);
}
