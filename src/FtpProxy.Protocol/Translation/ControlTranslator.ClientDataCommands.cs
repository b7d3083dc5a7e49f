using System.Net;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Commands;

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
        if (!parsed)
        {
            var unsupportedProtocol = extended && reason == "unsupported network protocol";
            ReplyToClient(unsupportedProtocol
                ? (_settings.ClientIsIPv6 ? ProxyReplies.UseIPv6Protocol : ProxyReplies.UseIPv4Protocol)
                : ProxyReplies.BadAddress(command.Verb, reason));
            return;
        }

        var client = _settings.NormalizedClientAddress;
        if (extended && target.Address.Unmapped().AddressFamily != client.AddressFamily)
        {
            // RFC 2428: an address of the other protocol is answered 522, naming the one that works.
            ReplyToClient(_settings.ClientIsIPv6 ? ProxyReplies.UseIPv6Protocol : ProxyReplies.UseIPv4Protocol);
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
                case ExtendedAddress.IPv4Protocol:
                    if (_settings.ClientIsIPv6)
                    {
                        ReplyToClient(ProxyReplies.UseIPv6Protocol);
                        return;
                    }

                    break;
                case ExtendedAddress.IPv6Protocol:
                    if (!_settings.ClientIsIPv6)
                    {
                        ReplyToClient(ProxyReplies.UseIPv4Protocol);
                        return;
                    }

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
}
