namespace FtpProxy.Protocol.Replies;

/// <summary>One whole reply: its code and every line as it came (Latin-1, without line ends).</summary>
public sealed class FtpReply
{
    public FtpReply(int code, IReadOnlyList<string> lines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        ArgumentOutOfRangeException.ThrowIfZero(lines.Count);
        Code = code;
        Lines = lines;
    }

    public int Code { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>1xx: more replies to the same command follow.</summary>
    public bool IsPreliminary => Code < 200;

    public bool IsPositiveCompletion => Code is >= 200 and < 300;

    public bool IsPermanentNegative => Code >= 500;

    /// <summary>The server does not understand or implement the command (or its argument): 500, 501, 502, 504.</summary>
    public bool IsCommandNotUnderstood => Code is ReplyCodes.SyntaxError or ReplyCodes.ArgumentSyntaxError
        or ReplyCodes.NotImplemented or ReplyCodes.NotImplementedForParameter;

    /// <summary>The server refuses until the client has logged in (530, 532): about the session, not the command.</summary>
    public bool IsLoginRequired => Code is ReplyCodes.NotLoggedIn or ReplyCodes.NeedAccount;

    /// <summary>The text of the first line after the code and separator.</summary>
    public string FirstLineText => Lines[0].Length > 4 ? Lines[0][4..] : string.Empty;

    /// <summary>A one-line reply written by the proxy itself.</summary>
    public static FtpReply Create(int code, string text) => new(code, [$"{code} {text}"]);

    /// <summary>A multi-line reply: first line "code-text", body lines as given, last line "code text".</summary>
    public static FtpReply CreateMultiline(int code, string first, IEnumerable<string> body, string last)
    {
        var lines = new List<string> { $"{code}-{first}" };
        lines.AddRange(body);
        lines.Add($"{code} {last}");
        return new FtpReply(code, lines);
    }

    public override string ToString() => string.Join(" / ", Lines);
}
