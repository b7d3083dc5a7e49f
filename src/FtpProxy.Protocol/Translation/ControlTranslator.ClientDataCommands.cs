using System.Net;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>The client's PORT/EPRT/PASV/EPSV: checked here (bounce, protocol family, EPSV ALL), then the data set-up begins.</summary>
public sealed partial class ControlTranslator
{
    private void ServeActiveRequest(FtpCommand command)
    {
        var extended = command.Verb == FtpVerbs.Eprt;
        if (_epsvAll)
        {
            ReplyToClient(ProxyReplies.EpsvAllInEffect);
            return;
        }

        IPEndPoint target;
        string reason;
        var parsed = extended
            ? ExtendedAddress.TryParseEprtArgument(command.Argument, out target, out reason)
            : SixNumberAddress.TryParsePortArgument(command.Argument, out target, out reason);
        var client = _settings.NormalizedClientAddress;
        var otherProtocol = parsed ? target.Address.Unmapped().AddressFamily != client.AddressFamily : reason == "unsupported network protocol";
        if (extended && otherProtocol)
        {
            // RFC 2428: a protocol other than the connection's (|3|, or an address of the other family) is answered 522, naming the one that works.
            ReplyToClient(UseClientsProtocol);
            return;
        }

        if (!parsed)
        {
            ReplyToClient(ProxyReplies.BadAddress(command.Verb, reason));
            return;
        }

        // SECURITY: FTP bounce (RFC 2577). The data connection may only go back to the client that
        // sent the command, and never to a privileged port.
        if (!target.Address.Unmapped().IsSameHostAs(client) || target.Port < FtpLimits.MinimumClientDataPort)
        {
            ReplyToClient(extended ? ProxyReplies.IllegalEprt : ProxyReplies.IllegalPort);
            return;
        }

        // The client's own address, not the one it wrote: the same host, and with its zone when it has one.
        BeginDataSetup(new ClientDataRequest(command.Verb, new IPEndPoint(client, target.Port), Extended: extended));
    }

    private void ServePassiveRequest(FtpCommand command)
    {
        var extended = command.Verb == FtpVerbs.Epsv;
        if (extended)
        {
            switch (command.Argument.Trim().ToUpperInvariant())
            {
                case "":
                    break;
                case "ALL":
                    _epsvAll = true;
                    ReplyToClient(ProxyReplies.EpsvAllAccepted);
                    return;
                case ExtendedAddress.IPv4Protocol when _settings.ClientIsIPv6:
                case ExtendedAddress.IPv6Protocol when !_settings.ClientIsIPv6:
                    ReplyToClient(UseClientsProtocol);
                    return;
                case ExtendedAddress.IPv4Protocol or ExtendedAddress.IPv6Protocol:
                    break;
                default:
                    ReplyToClient(ProxyReplies.BadEpsvArgument);
                    return;
            }
        }
        else if (_epsvAll)
        {
            ReplyToClient(ProxyReplies.EpsvAllInEffect);
            return;
        }
        else if (_settings.ClientIsIPv6)
        {
            ReplyToClient(ProxyReplies.PasvOverIPv6);
            return;
        }

        BeginDataSetup(new ClientDataRequest(command.Verb, ActiveTarget: null, Extended: extended));
    }

    /// <summary>522 naming the network protocol of the client's own connection (RFC 2428).</summary>
    private FtpReply UseClientsProtocol => _settings.ClientIsIPv6 ? ProxyReplies.UseIPv6Protocol : ProxyReplies.UseIPv4Protocol;
}
