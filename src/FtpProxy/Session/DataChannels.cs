using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FtpProxy.Configuration;
using FtpProxy.Networking;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Translation;
using Serilog;

namespace FtpProxy.Session;

/// <summary>
/// The data side of one session: the sockets prepared for the next transfer and the transfer that
/// is running. Only the session loop calls in; background work reports back as events.
/// </summary>
internal sealed class DataChannels : IAsyncDisposable
{
    private readonly SessionSettings _settings;
    private readonly SessionEndpoints _endpoints;
    private readonly ChannelWriter<SessionEvent> _events;
    private readonly ILogger _log;
    private int _generation;
    private CancellationTokenSource? _connecting;
    private Socket? _upstreamData;
    private Socket? _upstreamListener;
    private Socket? _clientListener;
    private CancellationTokenSource? _transferCancel;
    private Task _transferTask = Task.CompletedTask;

    public DataChannels(SessionSettings settings, SessionEndpoints endpoints, ChannelWriter<SessionEvent> events, ILogger log)
    {
        _settings = settings;
        _endpoints = endpoints;
        _events = events;
        _log = log;
    }

    /// <summary>Connects to the server's data port on the upstream control address; reports <see cref="UpstreamDataConnected"/>.</summary>
    public void BeginConnectUpstream(int port, IPAddress? reportedAddress)
    {
        var upstreamAddress = _endpoints.UpstreamRemote.Address;
        if (reportedAddress is not null && !reportedAddress.Unmapped().Equals(upstreamAddress.Unmapped()))
        {
            _log.Warning(
                "Server's 227 named {ReportedAddress}; connecting to the control address {UpstreamAddress} instead",
                reportedAddress,
                upstreamAddress);
        }

        var generation = _generation;
        _connecting = new CancellationTokenSource();
        var token = _connecting.Token;
        var target = new IPEndPoint(upstreamAddress, port);
        _ = Task.Run(async () =>
        {
            var result = await TcpConnector.ConnectAsync(target, _settings.DataSetupTimeout, token);
            if (!_events.TryWrite(new UpstreamDataConnected(generation, result.Socket, result.Error)))
            {
                result.Socket?.Dispose();
            }
        });
    }

    /// <summary>Takes the result of <see cref="BeginConnectUpstream"/>; false when it failed or was overtaken.</summary>
    public bool AcceptUpstreamConnection(UpstreamDataConnected connected)
    {
        if (connected.Generation != _generation || connected.Socket is null)
        {
            connected.Socket?.Dispose();
            if (connected.Socket is null)
            {
                _log.Warning("Cannot connect to the server's data port: {Error}", connected.Error);
            }

            return false;
        }

        _upstreamData = connected.Socket;
        return true;
    }

    /// <summary>Opens the listener the server will connect to (upstream active mode).</summary>
    public IPEndPoint? OpenUpstreamListener()
    {
        _upstreamListener?.Dispose();
        _upstreamListener = DataListener.TryOpen(_endpoints.UpstreamLocal.Address, _settings.ActivePorts);
        return _upstreamListener?.LocalEndPoint as IPEndPoint;
    }

    /// <summary>Opens the passive listener for the client and returns the endpoint to advertise.</summary>
    public IPEndPoint? OpenClientListener()
    {
        _clientListener?.Dispose();
        _clientListener = DataListener.TryOpen(_endpoints.ClientLocal.Address, _settings.PassivePorts);
        if (_clientListener?.LocalEndPoint is not IPEndPoint local)
        {
            _log.Warning("Cannot open a passive port for the client (range {PassivePorts})", _settings.PassivePorts);
            return null;
        }

        return new IPEndPoint(_settings.PassiveAddress ?? local.Address.Unmapped(), local.Port);
    }

    /// <summary>Starts the transfer: opens the client's side, relays, reports <see cref="TransferFinished"/>.</summary>
    public void StartTransfer(StartTransfer transfer)
    {
        var upstreamData = _upstreamData;
        var upstreamListener = _upstreamListener;
        var clientListener = _clientListener;
        _upstreamData = null;
        _upstreamListener = null;
        _clientListener = null;
        _transferCancel?.Dispose();
        _transferCancel = new CancellationTokenSource();
        var token = _transferCancel.Token;
        _transferTask = Task.Run(async () =>
        {
            var report = await RunTransferAsync(transfer, upstreamData, upstreamListener, clientListener, token);
            _events.TryWrite(new TransferFinished(report));
        });
    }

    public void AbortTransfer() => _transferCancel?.Cancel();

    /// <summary>Closes every prepared socket no transfer owns; results of work still in flight are dropped.</summary>
    public void ReleasePrepared()
    {
        _generation++;
        _connecting?.Cancel();
        _connecting?.Dispose();
        _connecting = null;
        _upstreamData?.Dispose();
        _upstreamData = null;
        _upstreamListener?.Dispose();
        _upstreamListener = null;
        _clientListener?.Dispose();
        _clientListener = null;
    }

    public async ValueTask DisposeAsync()
    {
        ReleasePrepared();
        AbortTransfer();
        await _transferTask;
        _transferCancel?.Dispose();
    }

    private async Task<TransferReport> RunTransferAsync(
        StartTransfer transfer, Socket? upstreamData, Socket? upstreamListener, Socket? clientListener, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        Socket? upstream = null;
        Socket? client = null;
        var outcome = TransferOutcome.Completed;
        long bytes = 0;
        try
        {
            // :: Step 1: the server's side, already connected (passive upstream) or connecting to us (active upstream).
            upstream = upstreamData ?? (upstreamListener is null
                ? null
                : await DataListener.AcceptFromAsync(
                    upstreamListener, _endpoints.UpstreamRemote.Address, _settings.DataSetupTimeout, OnStranger, token));
            if (upstream is null)
            {
                outcome = token.IsCancellationRequested ? TransferOutcome.Aborted : TransferOutcome.UpstreamUnreachable;
                return Report(outcome);
            }

            // :: Step 2: the client's side: connect to its PORT address, or accept on our passive port.
            client = await OpenClientSideAsync(transfer.ActiveTarget, clientListener, token);
            if (client is null)
            {
                outcome = token.IsCancellationRequested ? TransferOutcome.Aborted : TransferOutcome.ClientUnreachable;
                return Report(outcome);
            }

            // :: Step 3: relay in the transfer's direction until end of file.
            var (source, destination) = transfer.Direction == TransferDirection.Download ? (upstream, client) : (client, upstream);
            (outcome, bytes) = await DataBridge.RelayAsync(source, destination, _settings.IdleTimeout, token);
            return Report(outcome);
        }
        finally
        {
            upstreamListener?.Dispose();
            clientListener?.Dispose();
            upstream?.Dispose();
            client?.Dispose();
        }

        TransferReport Report(TransferOutcome result) => new(
            transfer.Command.Verb,
            transfer.Command.Argument,
            result,
            bytes,
            Stopwatch.GetElapsedTime(started));
    }

    private async Task<Socket?> OpenClientSideAsync(IPEndPoint? activeTarget, Socket? clientListener, CancellationToken token)
    {
        if (activeTarget is not null)
        {
            var connected = await TcpConnector.ConnectAsync(activeTarget, _settings.DataSetupTimeout, token);
            if (!connected.Succeeded)
            {
                _log.Warning("Cannot connect to the client's data port {Target}: {Error}", activeTarget, connected.Error);
            }

            return connected.Socket;
        }

        return clientListener is null
            ? null
            : await DataListener.AcceptFromAsync(
                clientListener, _endpoints.ClientRemote.Address, _settings.DataSetupTimeout, OnStranger, token);
    }

    private void OnStranger(EndPoint? peer) =>
        _log.Warning("SECURITY: refused a data connection from {Peer}: not the session's peer", peer);
}
