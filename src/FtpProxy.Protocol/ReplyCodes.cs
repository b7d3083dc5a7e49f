namespace FtpProxy.Protocol;

/// <summary>The reply codes the proxy writes itself (RFC 959, 2228, 2428), named as vsftpd's ftpcodes.h does.</summary>
public static class ReplyCodes
{
    public const int CommandOk = 200;
    public const int ServiceClosing = 221;
    public const int ClosingData = 226;
    public const int PassiveMode = 227;
    public const int ExtendedPassiveMode = 229;
    public const int LoggedIn = 230;
    public const int FileActionOk = 250;
    public const int NeedPassword = 331;
    public const int ServiceNotAvailable = 421;
    public const int CannotOpenData = 425;
    public const int TransferAborted = 426;
    public const int SyntaxError = 500;
    public const int ArgumentSyntaxError = 501;
    public const int NotImplemented = 502;
    public const int BadSequence = 503;
    public const int NotImplementedForParameter = 504;
    public const int ProtocolNotSupported = 522;
    public const int NotLoggedIn = 530;
    public const int NeedAccount = 532;
}
