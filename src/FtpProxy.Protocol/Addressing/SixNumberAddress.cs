using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Protocol.Addressing;

/// <summary>
/// The RFC 959 "h1,h2,h3,h4,p1,p2" form used by PORT and by the 227 reply to PASV. IPv4 only.
/// </summary>
public static class SixNumberAddress
{
    /// <summary>Parses a PORT argument: exactly six decimal numbers separated by commas, each below 256.</summary>
    public static bool TryParsePortArgument(string argument, out IPEndPoint endPoint, out string reason)
    {
        var text = argument.AsSpan().Trim(' ');
        if (!TryReadSixNumbers(text, out var consumed, out endPoint, out reason))
        {
            return false;
        }

        if (consumed != text.Length)
        {
            reason = "trailing characters after the six numbers";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Finds the address in a 227 reply. RFC 959 does not fix the text around it, so, as RFC 1123
    /// section 4.1.2.6 advises, scan for the first run of six comma-separated numbers.
    /// </summary>
    public static bool TryParsePassiveReply(string replyText, out IPEndPoint endPoint, out string reason)
    {
        var text = replyText.AsSpan();
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && char.IsAsciiDigit(text[i - 1])))
            {
                continue;
            }

            if (TryReadSixNumbers(text[i..], out _, out endPoint, out _))
            {
                reason = string.Empty;
                return true;
            }
        }

        endPoint = new IPEndPoint(IPAddress.None, 0);
        reason = "no six comma-separated numbers in the reply";
        return false;
    }

    /// <summary>Whether <paramref name="endPoint"/> fits the six-number form (IPv4, possibly mapped).</summary>
    public static bool CanCarry(IPEndPoint endPoint) => endPoint.Address.Unmapped().AddressFamily == AddressFamily.InterNetwork;

    public static string Format(IPEndPoint endPoint)
    {
        var address = endPoint.Address.Unmapped();
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("PORT and 227 can only carry an IPv4 address.", nameof(endPoint));
        }

        Span<byte> octets = stackalloc byte[4];
        address.TryWriteBytes(octets, out _);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{octets[0]},{octets[1]},{octets[2]},{octets[3]},{endPoint.Port >> 8},{endPoint.Port & 0xFF}");
    }

    private static bool TryReadSixNumbers(ReadOnlySpan<char> text, out int consumed, out IPEndPoint endPoint, out string reason)
    {
        Span<int> numbers = stackalloc int[6];
        var at = 0;
        consumed = 0;
        endPoint = new IPEndPoint(IPAddress.None, 0);
        for (var n = 0; n < 6; n++)
        {
            if (n > 0)
            {
                if (at >= text.Length || text[at] != ',')
                {
                    reason = "expected six comma-separated numbers";
                    return false;
                }

                at++;
            }

            var start = at;
            var value = 0;
            while (at < text.Length && char.IsAsciiDigit(text[at]) && at - start < 3)
            {
                value = (value * 10) + (text[at] - '0');
                at++;
            }

            if (at == start || (at < text.Length && char.IsAsciiDigit(text[at])))
            {
                reason = at == start ? "expected a number" : "number too long";
                return false;
            }

            // SECURITY: each field is one octet; 256 or more would wrap into another address.
            if (value > 255)
            {
                reason = "number above 255";
                return false;
            }

            numbers[n] = value;
        }

        var port = (numbers[4] << 8) | numbers[5];
        if (port == 0)
        {
            reason = "port 0";
            return false;
        }

        var address = new IPAddress(new[] { (byte)numbers[0], (byte)numbers[1], (byte)numbers[2], (byte)numbers[3] });
        endPoint = new IPEndPoint(address, port);
        consumed = at;
        reason = string.Empty;
        return true;
    }
}
