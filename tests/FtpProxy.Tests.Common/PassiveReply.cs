using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FtpProxy.Tests.Common;

/// <summary>The data endpoint a 227 or 229 reply offers, as a test client or the bench probe reads it.</summary>
public static partial class PassiveReply
{
    /// <summary>229 carries only the port: its address is the control connection's peer, <paramref name="controlPeer"/>.</summary>
    public static IPEndPoint Parse(int code, string text, IPAddress controlPeer)
    {
        if (code == 229)
        {
            return new IPEndPoint(controlPeer, int.Parse(ExtendedPort().Match(text).Groups[1].Value, CultureInfo.InvariantCulture));
        }

        var match = SixNumbers().Match(text);
        var numbers = Enumerable.Range(1, 6).Select(i => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        return new IPEndPoint(new IPAddress([(byte)numbers[0], (byte)numbers[1], (byte)numbers[2], (byte)numbers[3]]), (numbers[4] << 8) | numbers[5]);
    }

    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex SixNumbers();

    [GeneratedRegex(@"\(\|\|\|(\d+)\|\)")]
    private static partial Regex ExtendedPort();
}
