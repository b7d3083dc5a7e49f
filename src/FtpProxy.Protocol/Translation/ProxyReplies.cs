using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>Every reply the proxy writes on its own behalf, in one place.</summary>
public static class ProxyReplies
{
    public static readonly FtpReply LineTooLong = FtpReply.Create(ReplyCodes.SyntaxError, "Command line too long.");
    public static readonly FtpReply LineContainsNul = FtpReply.Create(ReplyCodes.SyntaxError, "Command contains a NUL byte.");
    public static readonly FtpReply LineContainsBareCr = FtpReply.Create(ReplyCodes.SyntaxError, "Command contains a CR that does not end the line.");
    public static readonly FtpReply UnparsableCommand = FtpReply.Create(ReplyCodes.SyntaxError, "Syntax error, command unrecognized.");
    public static readonly FtpReply TlsNotAvailable = FtpReply.Create(ReplyCodes.NotImplemented, "TLS is not available through this proxy; carry on in clear text.");
    public static readonly FtpReply NoSecurityExchange = FtpReply.Create(ReplyCodes.BadSequence, "No security data exchange has taken place.");
    public static readonly FtpReply LongAddressNotSupported = FtpReply.Create(ReplyCodes.NotImplemented, "Not implemented; use EPRT or EPSV.");
    public static readonly FtpReply EpsvAllAccepted = FtpReply.Create(ReplyCodes.CommandOk, "EPSV ALL ok.");
    public static readonly FtpReply EpsvAllInEffect = FtpReply.Create(ReplyCodes.BadSequence, "EPSV ALL in effect; only EPSV is accepted.");
    public static readonly FtpReply PasvOverIPv6 = FtpReply.Create(ReplyCodes.ProtocolNotSupported, "PASV cannot carry an IPv6 address; use EPSV.");
    public static readonly FtpReply UseIPv4Protocol = FtpReply.Create(ReplyCodes.ProtocolNotSupported, "Network protocol not supported, use (1)");
    public static readonly FtpReply UseIPv6Protocol = FtpReply.Create(ReplyCodes.ProtocolNotSupported, "Network protocol not supported, use (2)");
    public static readonly FtpReply BadEpsvArgument = FtpReply.Create(ReplyCodes.ArgumentSyntaxError, "EPSV takes no argument, 1, 2 or ALL.");
    public static readonly FtpReply IllegalPort = FtpReply.Create(ReplyCodes.SyntaxError, "Illegal PORT command: the address must be your own and the port 1024 or above.");
    public static readonly FtpReply IllegalEprt = FtpReply.Create(ReplyCodes.SyntaxError, "Illegal EPRT command: the address must be your own and the port 1024 or above.");
    public static readonly FtpReply PortAccepted = FtpReply.Create(ReplyCodes.CommandOk, "PORT command successful. Consider using PASV.");
    public static readonly FtpReply EprtAccepted = FtpReply.Create(ReplyCodes.CommandOk, "EPRT command successful. Consider using EPSV.");
    public static readonly FtpReply NoDataConnection = FtpReply.Create(ReplyCodes.CannotOpenData, "Use PORT, EPRT, PASV or EPSV first.");
    public static readonly FtpReply ClientDataUnreachable = FtpReply.Create(ReplyCodes.CannotOpenData, "Can't open data connection to you.");
    public static readonly FtpReply UpstreamDataUnreachable = FtpReply.Create(ReplyCodes.CannotOpenData, "Can't open data connection to the server.");
    public static readonly FtpReply ProxyListenerFailed = FtpReply.Create(ReplyCodes.CannotOpenData, "Can't open a passive port on the proxy.");
    public static readonly FtpReply TransferBroken = FtpReply.Create(ReplyCodes.TransferAborted, "Connection closed; transfer aborted.");
    public static readonly FtpReply TransferTimedOut = FtpReply.Create(ReplyCodes.TransferAborted, "Data connection timed out; transfer aborted.");
    public static readonly FtpReply UpstreamClosed = FtpReply.Create(ReplyCodes.ServiceNotAvailable, "Service not available, the server closed the connection.");
    public static readonly FtpReply UpstreamReplyTooLarge = FtpReply.Create(ReplyCodes.ServiceNotAvailable, "The server sent a reply the proxy cannot hold; closing.");
    public static readonly FtpReply IdleTimeout = FtpReply.Create(ReplyCodes.ServiceNotAvailable, "Timeout: closing control connection.");
    public static readonly FtpReply Kicked = FtpReply.Create(ReplyCodes.ServiceNotAvailable, "Session closed by the proxy administrator.");
    public static readonly FtpReply ShuttingDown = FtpReply.Create(ReplyCodes.ServiceNotAvailable, "The proxy is shutting down.");

    /// <summary>Longest piece of a server line quoted in a proxy reply, so the proxy's own lines stay far below the cap.</summary>
    private const int MaxQuotedLength = 200;

    public static FtpReply UpstreamRefusedPassive(FtpReply reply)
    {
        var quoted = reply.Lines[0].Length <= MaxQuotedLength ? reply.Lines[0] : reply.Lines[0][..MaxQuotedLength] + "...";
        return FtpReply.Create(ReplyCodes.CannotOpenData, $"Can't open data connection: the server answered \"{quoted}\".");
    }

    public static FtpReply BadAddress(string verb, string reason) =>
        FtpReply.Create(ReplyCodes.ArgumentSyntaxError, $"Invalid {verb} argument: {reason}.");

    public static FtpReply UpstreamUnavailable(string reason) =>
        FtpReply.Create(ReplyCodes.ServiceNotAvailable, $"Service not available: cannot reach the FTP server ({reason}).");
}
