using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>What each client verb becomes: relayed, answered by the proxy, or turned into data set-up or a transfer.</summary>
public sealed partial class ControlTranslator
{
    private void Serve(FtpCommand command)
    {
        var verb = command.Verb;
        switch (verb)
        {
            case FtpVerbs.User:
                _userName = command.Argument;
                SendUpstream(command.ToWireLine(), ExchangeKind.Login, command);
                break;
            case FtpVerbs.Pass or FtpVerbs.Acct:
                SendUpstream(command.ToWireLine(), ExchangeKind.Login, command);
                break;
            case FtpVerbs.Port or FtpVerbs.Eprt:
                ServeActiveRequest(command);
                break;
            case FtpVerbs.Pasv or FtpVerbs.Epsv:
                ServePassiveRequest(command);
                break;
            case FtpVerbs.Lprt or FtpVerbs.Lpsv or FtpVerbs.Spsv:
                // SECURITY: a data-setup command the proxy cannot translate is never forwarded, or the server would connect elsewhere.
                ReplyToClient(ProxyReplies.LongAddressNotSupported);
                break;
            case FtpVerbs.Auth:
                ReplyToClient(ProxyReplies.TlsNotAvailable);
                break;
            case FtpVerbs.Pbsz or FtpVerbs.Prot:
                ReplyToClient(ProxyReplies.NoSecurityExchange);
                break;
            case var _ when FtpVerbs.IsSecurityExtension(verb):
                ReplyToClient(ProxyReplies.TlsNotAvailable);
                break;
            case FtpVerbs.Feat:
                SendUpstream(command.ToWireLine(), ExchangeKind.Feat, command);
                break;
            case FtpVerbs.Quit:
                SendUpstream(command.ToWireLine(), ExchangeKind.Quit, command);
                break;
            case FtpVerbs.Abor:
                // No transfer in flight: the server answers 225/226 on its own.
                SendUpstream(command.ToWireLine(), ExchangeKind.Relay, command);
                break;
            default:
                if (FtpVerbs.DirectionOf(verb) is { } direction)
                {
                    ServeTransfer(command, direction);
                }
                else
                {
                    SendUpstream(command.ToWireLine(), ExchangeKind.Relay, command);
                }

                break;
        }
    }
}
