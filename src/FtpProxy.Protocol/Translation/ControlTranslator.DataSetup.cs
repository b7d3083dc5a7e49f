using System.Net;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>
/// Data set-up: the client's PORT/EPRT/PASV/EPSV is answered by the proxy, and the server side is
/// prepared separately (EPSV/PASV by default, EPRT/PORT in upstream active mode). One slot, as in
/// OpenBSD's ftp-proxy: a new request replaces the old one, a transfer consumes it.
/// </summary>
public sealed partial class ControlTranslator
{
    private PendingIo _awaitingIo;
    private ClientDataRequest? _clientRequest;
    private bool _upstreamDataReady;
    private bool _upstreamRefusedEpsv;
    private bool _upstreamRefusedEprt;
    private bool _epsvAll;
    private string _lastPassiveVerb = FtpVerbs.Epsv;
    private IPEndPoint? _lastUpstreamListener;

    private enum PendingIo
    {
        None,
        UpstreamConnect,
        UpstreamListener,
        ClientListener,
    }

    /// <summary>The host connected (or failed to connect) to the server's data port.</summary>
    public IReadOnlyList<ProxyAction> OnUpstreamDataConnected(bool connected) => Collect(() =>
    {
        if (_awaitingIo != PendingIo.UpstreamConnect)
        {
            return;
        }

        _awaitingIo = PendingIo.None;
        if (!connected)
        {
            FailDataSetup(ProxyReplies.UpstreamDataUnreachable);
        }
        else
        {
            _upstreamDataReady = true;
            AnswerClientRequest();
        }

        ServeWaitingCommands();
    });

    /// <summary>The host opened (or failed to open) the listener the server will connect to; null when it failed.</summary>
    public IReadOnlyList<ProxyAction> OnUpstreamListenerOpened(IPEndPoint? localEndPoint) => Collect(() =>
    {
        if (_awaitingIo != PendingIo.UpstreamListener)
        {
            return;
        }

        _awaitingIo = PendingIo.None;
        if (localEndPoint is null)
        {
            FailDataSetup(ProxyReplies.ProxyListenerFailed);
            ServeWaitingCommands();
            return;
        }

        if (_upstreamRefusedEprt && SixNumberAddress.CanCarry(localEndPoint))
        {
            SendUpstream($"{FtpVerbs.Port} {SixNumberAddress.Format(localEndPoint)}", ExchangeKind.ActiveSetup, null);
        }
        else
        {
            SendUpstream($"{FtpVerbs.Eprt} {ExtendedAddress.FormatEprtArgument(localEndPoint)}", ExchangeKind.ActiveSetup, null);
        }

        _lastUpstreamListener = localEndPoint;
    });

    /// <summary>The host opened (or failed to open) the passive listener for the client; the endpoint is the one to advertise.</summary>
    public IReadOnlyList<ProxyAction> OnClientListenerOpened(IPEndPoint? advertised) => Collect(() =>
    {
        if (_awaitingIo != PendingIo.ClientListener || _clientRequest is null)
        {
            return;
        }

        _awaitingIo = PendingIo.None;
        if (advertised is null)
        {
            FailDataSetup(ProxyReplies.ProxyListenerFailed);
        }
        else if (_clientRequest.Extended)
        {
            ReplyToClient(FtpReply.Create(ReplyCodes.ExtendedPassiveMode, ExtendedAddress.FormatExtendedPassiveText(advertised.Port)));
        }
        else
        {
            ReplyToClient(FtpReply.Create(ReplyCodes.PassiveMode, $"Entering Passive Mode ({SixNumberAddress.Format(advertised)})."));
        }

        ServeWaitingCommands();
    });

    private void BeginDataSetup(ClientDataRequest request)
    {
        // A new request replaces whatever was prepared before and not used.
        Emit(new ReleaseDataChannels());
        _upstreamDataReady = false;
        _clientRequest = request;
        RequestUpstreamData();
    }

    private void RequestUpstreamData()
    {
        if (_settings.UpstreamDataMode == UpstreamDataMode.Active)
        {
            _awaitingIo = PendingIo.UpstreamListener;
            Emit(new OpenUpstreamListener());
            return;
        }

        var verb = _upstreamRefusedEpsv ? FtpVerbs.Pasv : FtpVerbs.Epsv;
        SendUpstream(verb, ExchangeKind.PassiveSetup, null);
        _lastPassiveVerb = verb;
    }

    private void HandlePassiveSetupReply(FtpReply reply)
    {
        if (reply.IsPreliminary)
        {
            return;
        }

        if (reply.Code == ReplyCodes.ExtendedPassiveMode
            && ExtendedAddress.TryParseExtendedPassiveReply(reply.FirstLineText, out var port, out _))
        {
            ConnectUpstream(port, null);
            return;
        }

        // Some servers answer EPSV with a 227; accept it from either command.
        if (reply.Code == ReplyCodes.PassiveMode
            && SixNumberAddress.TryParsePassiveReply(reply.FirstLineText, out var endPoint, out _))
        {
            ConnectUpstream(endPoint.Port, endPoint.Address);
            return;
        }

        if (reply.IsCommandNotUnderstood && _lastPassiveVerb == FtpVerbs.Epsv)
        {
            // Servers that list EPSV in FEAT and refuse it exist: fall back once, and remember it.
            // Only a refusal of the command itself counts: a 530 before login says nothing about EPSV.
            _upstreamRefusedEpsv = true;
            RequestUpstreamData();
            return;
        }

        FailDataSetup(RefusalForClient(reply));
    }

    /// <summary>A 530/532 is the client's business (it must log in) and reaches it as the server wrote it; other refusals become the proxy's 425.</summary>
    private static FtpReply RefusalForClient(FtpReply reply) =>
        reply.IsLoginRequired ? reply : ProxyReplies.UpstreamRefusedPassive(reply);

    private void HandleActiveSetupReply(FtpReply reply)
    {
        if (reply.IsPreliminary)
        {
            return;
        }

        if (reply.IsPositiveCompletion)
        {
            _upstreamDataReady = true;
            AnswerClientRequest();
            return;
        }

        var eprtNotUnderstood = reply.IsCommandNotUnderstood || reply.Code == ReplyCodes.ProtocolNotSupported;
        if (eprtNotUnderstood && !_upstreamRefusedEprt && _lastUpstreamListener is { } local && SixNumberAddress.CanCarry(local))
        {
            _upstreamRefusedEprt = true;
            SendUpstream($"{FtpVerbs.Port} {SixNumberAddress.Format(local)}", ExchangeKind.ActiveSetup, null);
            return;
        }

        FailDataSetup(RefusalForClient(reply));
    }

    private void ConnectUpstream(int port, IPAddress? reportedAddress)
    {
        // SECURITY: only the port is taken from the reply; the host connects to the address of the
        // upstream control connection, so a server cannot steer the proxy to another host.
        _awaitingIo = PendingIo.UpstreamConnect;
        Emit(new ConnectUpstreamData(port, reportedAddress));
    }

    private void AnswerClientRequest()
    {
        if (_clientRequest is null)
        {
            return;
        }

        if (_clientRequest.ActiveTarget is not null)
        {
            ReplyToClient(_clientRequest.Extended ? ProxyReplies.EprtAccepted : ProxyReplies.PortAccepted);
            return;
        }

        _awaitingIo = PendingIo.ClientListener;
        Emit(new OpenClientListener());
    }

    private void FailDataSetup(FtpReply reply)
    {
        Emit(new ReleaseDataChannels());
        ResetDataSlot();
        ReplyToClient(reply);
    }

    private void ResetDataSlot()
    {
        _clientRequest = null;
        _upstreamDataReady = false;
    }

    private sealed record ClientDataRequest(string Verb, IPEndPoint? ActiveTarget, bool Extended);
}
