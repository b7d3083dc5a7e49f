using FtpProxy.Protocol.Framing;

namespace FtpProxy.Protocol.Commands;

/// <summary>A client command: the verb in upper case and the argument verbatim (file names contain spaces).</summary>
public sealed class FtpCommand
{
    private FtpCommand(string verb, string argument)
    {
        Verb = verb;
        Argument = argument;
    }

    public string Verb { get; }

    /// <summary>Everything after the first space, unchanged; empty when there is none.</summary>
    public string Argument { get; }

    public bool HasArgument => Argument.Length > 0;

    /// <summary>
    /// Parses "VERB[ SP argument]". The verb is a letter followed by letters or digits, at most
    /// <see cref="FtpLimits.MaxVerbLength"/> in all; Telnet commands before it (netkit's Synch before ABOR: IAC IP IAC DM) are skipped.
    /// </summary>
    public static bool TryParse(string line, out FtpCommand command)
    {
        command = new FtpCommand(string.Empty, string.Empty);
        line = line[Telnet.CommandPrefixLength(line)..];
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verbLength = space < 0 ? line.Length : space;
        if (verbLength == 0 || verbLength > FtpLimits.MaxVerbLength)
        {
            return false;
        }

        // A letter, then letters or digits: RFC 959's verbs are letters, but the checksum extensions
        // clients send when FEAT lists them are not (XSHA256, XMD5, MD5).
        if (!char.IsAsciiLetter(line[0]))
        {
            return false;
        }

        for (var i = 1; i < verbLength; i++)
        {
            if (!char.IsAsciiLetterOrDigit(line[i]))
            {
                return false;
            }
        }

        var verb = line[..verbLength].ToUpperInvariant();
        var argument = space < 0 ? string.Empty : line[(space + 1)..];
        command = new FtpCommand(verb, argument);
        return true;
    }

    /// <summary>The line to send upstream, regenerated rather than patched (OpenBSD ftp-proxy's rule).</summary>
    public string ToWireLine() => HasArgument ? $"{Verb} {Argument}" : Verb;

    /// <summary>The command as it may appear in a log.</summary>
    public string ToLogString()
    {
        // SECURITY: a password or account secret never reaches a log.
        if (Verb is FtpVerbs.Pass or FtpVerbs.Acct)
        {
            return $"{Verb} ****";
        }

        return LineEncoder.ToDisplay(ToWireLine());
    }

    public override string ToString() => ToLogString();
}
