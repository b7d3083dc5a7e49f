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

    /// <summary>
    /// How many chars at the start of a line are Telnet commands: IAC and a command byte, with the
    /// option byte after WILL/WONT/DO/DONT. IAC IAC is a literal 0xFF and ends the prefix. The
    /// framer keeps every byte; the proxy's own reading of a command or a reply skips these.
    /// </summary>
    public static int CommandPrefixLength(string line)
    {
        var at = 0;
        while (at + 1 < line.Length && line[at] == (char)Iac
            && line[at + 1] >= (char)LowestCommand && line[at + 1] != (char)Iac)
        {
            at += line[at + 1] is >= (char)Will and <= (char)Dont ? 3 : 2;
        }

        return Math.Min(at, line.Length);
    }
}
