namespace FtpProxy.Protocol.Framing;

/// <summary>Telnet bytes that appear on an FTP control connection (RFC 854, RFC 959 section 4.1.3).</summary>
public static class Telnet
{
    public const byte Iac = 0xFF;
    public const byte Dont = 0xFE;
    public const byte Do = 0xFD;
    public const byte Wont = 0xFC;
    public const byte Will = 0xFB;
    public const byte SubnegotiationBegin = 0xFA;
    public const byte InterruptProcess = 0xF4;
    public const byte DataMark = 0xF2;
    public const byte SubnegotiationEnd = 0xF0;

    /// <summary>Lowest byte that is a Telnet command after IAC; anything below is not a command.</summary>
    public const byte LowestCommand = SubnegotiationEnd;
}
