using System.Globalization;
using System.Text;

namespace FtpProxy.Protocol.Framing;

/// <summary>
/// Writes a line onto a control connection: its bytes as they are, CRLF appended. No 0xFF is
/// doubled: lines hold the bytes a peer sent (see <see cref="LineFramer"/>), already in whatever
/// form that peer chose, and the proxy's own lines are ASCII.
/// </summary>
public static class LineEncoder
{
    public static byte[] EncodeLine(string line) => EncodeLines([line]);

    /// <summary>Encodes several lines into one buffer, so a multi-line reply leaves in one write.</summary>
    public static byte[] EncodeLines(IReadOnlyList<string> lines)
    {
        var size = 0;
        foreach (var line in lines)
        {
            size += line.Length + 2;
        }

        var bytes = new byte[size];
        var at = 0;
        foreach (var line in lines)
        {
            foreach (var c in line)
            {
                // Latin-1 strings hold one byte per char; anything wider is a bug in the caller.
                bytes[at++] = c <= 0xFF ? (byte)c : (byte)'?';
            }

            bytes[at++] = (byte)'\r';
            bytes[at++] = (byte)'\n';
        }

        return bytes;
    }

    /// <summary>
    /// Turns a Latin-1 wire string into readable text for logs and `sessions list` (UTF-8 when it is
    /// valid UTF-8), with control characters written as <c>\xNN</c>.
    /// </summary>
    public static string ToDisplay(string latin1)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1);
        return EscapeControlCharacters(System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : latin1);
    }

    /// <summary>
    /// SECURITY: log injection. A CR or LF a peer put in a path or a user name could forge a log line,
    /// an ESC or a C1 control could drive the terminal of whoever reads the log, a bidi control could
    /// make it read in another order.
    /// </summary>
    private static string EscapeControlCharacters(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('\u0000', '\u001F') < 0 && span.IndexOfAnyInRange('\u007F', '\u009F') < 0 && !ContainsBidiControl(span))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else if (IsBidiControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The Unicode bidirectional controls (marks, embeddings, overrides, isolates): format characters,
    /// not controls, but a terminal shows the text after one reordered ("Trojan Source"). Tested
    /// one by one rather than with SearchValues, whose generic code cost every worker 0.18 MiB.
    /// </summary>
    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool ContainsBidiControl(ReadOnlySpan<char> text)
    {
        // Most text has nothing between U+061C and U+2069 at all.
        var first = text.IndexOfAnyInRange('\u061C', '\u2069');
        if (first < 0)
        {
            return false;
        }

        foreach (var c in text[first..])
        {
            if (IsBidiControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
