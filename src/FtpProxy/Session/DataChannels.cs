using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Networking;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Translation;
using Serilog;

namespace FtpProxy.Session;

/// <summary>
/// The data side of one session: the sockets prepared for the next transfer and the transfer that
/// is running. The session's loop calls in, lets it watch its sockets, and hears back through the
/// session's event queue.
/// </summary>
internal sealed class DataChannels : IDisposable
{
    /// <summary>256 KiB measured fastest for a socket loop on this machine (docs/benchmarks.md).</summary>
    private const int RelayBufferSize = 256 * 1024;

    /// <summary>How long a download the client left keeps the server's side for an ABOR that may follow; a client that sends none gets the server's answer this much later.</summary>
    private static readonly TimeSpan KeptAfterTheClientLeft = TimeSpan.FromSeconds(2);

    private readonly SessionSettings _settings;
    private readonly SessionEndpoints _endpoints;
    private readonly Queue<SessionEvent> _events;
    private readonly ILogger _log;
    private byte[]? _relayBuffer;
    private int _generation;
    private PendingConnection? _connecting;
    private int _connectingSlot = -1;
    private Socket? _upstreamData;
    private Socket? _upstreamListener;
    private Socket? _clientListener;
    private DataTransfer? _transfer;
    private Socket? _keptServerSide;
    private long _keptUntil = long.MaxValue;

    public DataChannels(SessionSettings settings, SessionEndpoints endpoints, Queue<SessionEvent> events, ILogger log)
    {
        _settings = settings;
        _endpoints = endpoints;
        _events = events;
        _log = log;
    }

    /// <summary>The earliest moment something here times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline => Math.Min(Math.Min(_connecting?.Deadline ?? long.MaxValue, _transfer?.Deadline ?? long.MaxValue), _keptUntil);

    /// <summary>Bytes the running transfer has relayed so far (0 with none running).</summary>
    public long TransferBytesSoFar => _transfer?.BytesSoFar ?? 0;

    /// <summary>A transfer is under way: it times out by itself (data setup, then the relay's idle deadline).</summary>
    public bool IsTransferRunning => _transfer is not null;

    /// <summary>Connects to the server's data port on the upstream control address; reports <see cref="UpstreamDataConnected"/>.</summary>
    public void BeginConnectUpstream(int port, IPAddress? reportedAddress)
    {
        ReleaseKeptServerSide();
        var upstreamAddress = _endpoints.UpstreamRemote.Address;
        if (reportedAddress is not null && !reportedAddress.Unmapped().Equals(upstreamAddress.Unmapped()))
        {
            _log.Warning(
                "Server's 227 named {ReportedAddress}; connecting to the control address {UpstreamAddress} instead",
                reportedAddress,
                upstreamAddress);
        }

        _connecting?.Dispose();
        _connecting = PendingConnection.Start(new IPEndPoint(upstreamAddress, port), _settings.DataSetupTimeout);
        if (_connecting.IsDecided)
        {
            TakeUpstreamConnection(ready: false);
        }
    }

    /// <summary>Takes the result of <see cref="BeginConnectUpstream"/>; false when it failed or was overtaken.</summary>
    public bool AcceptUpstreamConnection(UpstreamDataConnected connected) =>
        connected.Generation == _generation && connected.Succeeded && _upstreamData is not null;

    /// <summary>Opens the listener the server will connect to (upstream active mode).</summary>
    public IPEndPoint? OpenUpstreamListener()
    {
        ReleaseKeptServerSide();
        _upstreamListener?.Dispose();
        _upstreamListener = DataListener.TryOpen(_endpoints.UpstreamLocal.Address, _settings.ActivePorts);
        return _upstreamListener?.LocalEndPoint as IPEndPoint;
    }

    /// <summary>Opens the passive listener for the client and returns the endpoint to advertise.</summary>
    public IPEndPoint? OpenClientListener()
    {
        ReleaseKeptServerSide();
        _clientListener?.Dispose();
        _clientListener = DataListener.TryOpen(_endpoints.ClientLocal.Address, _settings.PassivePorts);
        if (_clientListener?.LocalEndPoint is not IPEndPoint local)
        {
            _log.Warning("Cannot open a passive port for the client (range {PassivePorts})", _settings.PassivePorts);
            return null;
        }

        return new IPEndPoint(_settings.PassiveAddress ?? local.Address.Unmapped(), local.Port);
    }

    /// <summary>Starts the transfer with the prepared sockets; it reports <see cref="TransferFinished"/>.</summary>
    public void StartTransfer(StartTransfer transfer)
    {
        AbortTransfer();
        ReleaseKeptServerSide();
        // Uninitialized: zeroing would touch all 64 pages at once (private memory, even in the warm-up's tiny transfers).
        _relayBuffer ??= GC.AllocateUninitializedArray<byte>(RelayBufferSize);
        _transfer = new DataTransfer(
            transfer, _upstreamData, _upstreamListener, _clientListener, _settings, _endpoints, _relayBuffer, _log);
        _upstreamData = null;
        _upstreamListener = null;
        _clientListener = null;
        if (_transfer.Start() is { } report)
        {
            _transfer = null;
            _events.Enqueue(new TransferFinished(report));
        }
    }

    public void AbortTransfer()
    {
        if (_transfer is not null)
        {
            _events.Enqueue(new TransferFinished(_transfer.Abort()));
            Keep(_transfer.TakeKeptServerSide(), until: long.MaxValue);
            _transfer = null;
        }
    }

    /// <summary>
    /// Keeps an ended transfer's server-side data connection open, neither read nor written, for
    /// the server to end once it has read the ABOR (sent, or which a client that left a download
    /// may still send): reset first, pure-ftpd ends the transfer with a last line coded 150 and
    /// never answers the ABOR. Reset at <paramref name="until"/>, when the next data connection is
    /// prepared or started, or at the session's end.
    /// </summary>
    private void Keep(Socket? serverSide, long until)
    {
        ReleaseKeptServerSide();
        _keptServerSide = serverSide;
        _keptUntil = serverSide is null ? long.MaxValue : until;
    }

    private void ReleaseKeptServerSide()
    {
        _keptServerSide?.Reset();
        _keptServerSide = null;
        _keptUntil = long.MaxValue;
    }

    /// <summary>
    /// Closes every prepared socket no transfer owns; results of work still in flight are dropped. A
    /// connection to the server's data port is reset: the server may hold a STOR for it already,
    /// not yet answered, and an end of file would be an empty upload, complete.
    /// </summary>
    public void ReleasePrepared()
    {
        _generation++;
        _connecting?.Dispose();
        _connecting = null;
        _upstreamData?.Reset();
        _upstreamData = null;
        _upstreamListener?.Dispose();
        _upstreamListener = null;
        _clientListener?.Dispose();
        _clientListener = null;
    }

    public void Watch(Poller poller)
    {
        _connectingSlot = _connecting is null ? -1 : poller.WatchWritable(_connecting.Handle);
        _transfer?.Watch(poller);
    }

    /// <summary>Moves connects and the transfer on after a wait; what finished goes to the session's queue.</summary>
    public void Advance(Poller poller)
    {
        if (_connecting is not null)
        {
            TakeUpstreamConnection(poller.IsReady(_connectingSlot));
        }

        if (_transfer?.Advance(poller) is { } report)
        {
            Keep(_transfer.TakeKeptServerSide(), until: Poller.DeadlineAfter(KeptAfterTheClientLeft));
            _transfer = null;
            _events.Enqueue(new TransferFinished(report));
        }

        if (Environment.TickCount64 >= _keptUntil)
        {
            ReleaseKeptServerSide();
        }
    }

    public void Dispose()
    {
        ReleaseKeptServerSide();
        ReleasePrepared();
        _transfer?.Dispose();
        _transfer = null;
    }

    private void TakeUpstreamConnection(bool ready)
    {
        if (_connecting!.TryComplete(ready) is not { } result)
        {
            return;
        }

        _connecting.Dispose();
        _connecting = null;
        if (!result.Succeeded)
        {
            _log.Warning("Cannot connect to the server's data port: {Error}", result.Error);
        }

        _upstreamData?.Dispose();
        _upstreamData = result.Socket;
        _events.Enqueue(new UpstreamDataConnected(_generation, result.Succeeded));
    }
}
