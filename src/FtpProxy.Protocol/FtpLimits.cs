namespace FtpProxy.Protocol;

/// <summary>Bounds applied to everything read from the network (vsftpd keeps these in defs.h).</summary>
public static class FtpLimits
{
    /// <summary>Longest command or reply line, without its line end. OpenBSD ftp-proxy uses 500; 4 KiB fits any real path.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>
    /// Longest reply line from a server. Servers echo what a client sent (a path in a 257 or 550, its
    /// quotes doubled in a 257), so a legal command can bring back twice <see cref="MaxLineLength"/>
    /// and some text; a reply line over this still ends the session.
    /// </summary>
    public const int MaxReplyLineLength = 16 * 1024;

    /// <summary>Largest multi-line reply the proxy will hold (a long STAT or HELP fits easily).</summary>
    public const int MaxReplyBytes = 1024 * 1024;

    /// <summary>
    /// Most lines a multi-line reply may have. A held line costs a string and a list slot (about 30
    /// bytes) whatever its length, so <see cref="MaxReplyBytes"/> alone would let half a million
    /// empty lines take 16 MB; this many lines of a typical `ls -l` length make 1 MiB.
    /// </summary>
    public const int MaxReplyLines = 16 * 1024;

    /// <summary>Commands a client may pipeline ahead of the one being served before the proxy stops reading.</summary>
    public const int MaxQueuedCommands = 64;

    /// <summary>Ports below this are privileged; a PORT naming one is the classic bounce attack (RFC 2577).</summary>
    public const int MinimumClientDataPort = 1024;

    /// <summary>Longest verb accepted; real verbs have three or four letters.</summary>
    public const int MaxVerbLength = 16;
}
