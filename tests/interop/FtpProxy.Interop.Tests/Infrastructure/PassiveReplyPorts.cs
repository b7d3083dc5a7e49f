using System.Globalization;
using System.Text.RegularExpressions;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>Data ports named by 227 and 229 replies in any text (transcripts, server logs, the proxy log).</summary>
internal static partial class PassiveReplyPorts
{
    /// <summary>Ports in every 227 (h1,h2,h3,h4,p1,p2) and 229 (|||port|) reply line of <paramref name="lines"/>, in order.</summary>
    public static IReadOnlyList<int> Parse(IEnumerable<string> lines)
    {
        var ports = new List<int>();
        foreach (var line in lines)
        {
            if (Pasv().Match(line) is { Success: true } pasv)
            {
                ports.Add((Number(pasv.Groups[5]) * 256) + Number(pasv.Groups[6]));
            }
            else if (Epsv().Match(line) is { Success: true } epsv)
            {
                ports.Add(Number(epsv.Groups[2]));
            }
        }

        return ports;
    }

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    // RFC 1123 4.1.2.6: scan for six numbers after the code; the parentheses are optional.
    [GeneratedRegex(@"(?:^|[\s>])227[ -][^\n]*?(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})")]
    private static partial Regex Pasv();

    // RFC 2428: the delimiter is whatever character follows "(".
    [GeneratedRegex(@"(?:^|[\s>])229[ -][^\n]*?\((.)\1\1(\d{1,5})\1\)")]
    private static partial Regex Epsv();
}
