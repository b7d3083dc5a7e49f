using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Protocol.Addressing;

/// <summary>The RFC 2428 forms: "EPRT |proto|address|port|" and the 229 reply "(|||port|)".</summary>
public static class ExtendedAddress
{
    public const string IPv4Protocol = "1";
    public const string IPv6Protocol = "2";

    /// <summary>Parses an EPRT argument. The delimiter is its first character (RFC 2428 suggests '|').</summary>
    public static bool TryParseEprtArgument(string argument, out IPEndPoint endPoint, out string reason)
    {
        endPoint = new IPEndPoint(IPAddress.None, 0);
        var text = argument.Trim(' ');
        if (text.Length < 7)
        {
            reason = "too short";
            return false;
        }

        var delimiter = text[0];
        if (delimiter < 33 || delimiter > 126 || char.IsAsciiDigit(delimiter))
        {
            reason = "invalid delimiter";
            return false;
        }

        var fields = text.Split(delimiter);
        // "|1|h|p|" splits into "", "1", "h", "p", "".
        if (fields.Length != 5 || fields[0].Length != 0 || fields[4].Length != 0)
        {
            reason = "expected three delimited fields";
            return false;
        }

        if (!TryParsePort(fields[3], out var port))
        {
            reason = "invalid port";
            return false;
        }

        IPAddress? address;
        switch (fields[1])
        {
            case IPv4Protocol:
                if (!TryParseDottedQuad(fields[2], out address))
                {
                    reason = "invalid IPv4 address";
                    return false;
                }

                break;
            case IPv6Protocol:
                // SECURITY: no zone ids and nothing IPAddress.TryParse would guess at; only a plain IPv6 literal.
                if (fields[2].AsSpan().IndexOfAny("%[]") >= 0 || !fields[2].Contains(':', StringComparison.Ordinal)
                    || !IPAddress.TryParse(fields[2], out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    reason = "invalid IPv6 address";
                    return false;
                }

                break;
            default:
                reason = "unsupported network protocol";
                return false;
        }

        endPoint = new IPEndPoint(address, port);
        reason = string.Empty;
        return true;
    }

    /// <summary>Finds the port in a 229 reply: "(" then the delimiter three times, the port, the delimiter, ")".</summary>
    public static bool TryParseExtendedPassiveReply(string replyText, out int port, out string reason)
    {
        port = 0;
        var open = replyText.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : replyText.IndexOf(')', open + 1);
        if (open < 0 || close < 0 || close - open < 6)
        {
            reason = "no (|||port|) in the reply";
            return false;
        }

        var inner = replyText.AsSpan(open + 1, close - open - 1);
        var d = inner[0];
        if (inner.Length < 5 || inner[1] != d || inner[2] != d || inner[^1] != d)
        {
            reason = "malformed (|||port|)";
            return false;
        }

        if (!TryParsePort(inner[3..^1].ToString(), out port))
        {
            reason = "invalid port";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    public static string FormatEprtArgument(IPEndPoint endPoint)
    {
        var address = endPoint.Address.Unmapped();
        var protocol = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPv6Protocol : IPv4Protocol;
        return string.Create(CultureInfo.InvariantCulture, $"|{protocol}|{address}|{endPoint.Port}|");
    }

    public static string FormatExtendedPassiveText(int port) =>
        string.Create(CultureInfo.InvariantCulture, $"Entering Extended Passive Mode (|||{port}|)");

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port is > 0 and <= 65535;
    }

    private static bool TryParseDottedQuad(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit))
            {
                return false;
            }

            var value = int.Parse(parts[i], CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            bytes[i] = (byte)value;
        }

        address = new IPAddress(bytes);
        return true;
    }
}
