using System.Globalization;
using System.Net;

namespace FtpProxy.Configuration;

/// <summary>A host (name or literal, IPv6 in brackets) and a port, as given on the command line.</summary>
internal sealed record HostEndpoint(string Host, int Port)
{
    /// <summary>Parses "HOST:PORT", "[V6]:PORT", or just "PORT" when <paramref name="defaultHost"/> is given.</summary>
    /// <param name="lowestPort">0 where the system may choose (a listening port), 1 where a port must be named.</param>
    public static bool TryParse(string text, string? defaultHost, out HostEndpoint endpoint, out string error, int lowestPort = 0)
    {
        endpoint = new HostEndpoint(string.Empty, 0);
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}': expected [IPV6]:PORT";
                return false;
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                if (defaultHost is null)
                {
                    error = $"'{text}': expected HOST:PORT";
                    return false;
                }

                host = defaultHost;
                portText = text;
            }
            else
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
                if (host.Contains(':', StringComparison.Ordinal))
                {
                    error = $"'{text}': put an IPv6 address in brackets, e.g. [::1]:21";
                    return false;
                }
            }
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < lowestPort || port > 65535)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{text}': the port must be a number from {lowestPort} to 65535");
            return false;
        }

        if (host.Length == 0)
        {
            error = $"'{text}': the host is empty";
            return false;
        }

        endpoint = new HostEndpoint(host, port);
        error = string.Empty;
        return true;
    }

    /// <summary>The host as an IP literal, when it is one.</summary>
    public IPAddress? Address => IPAddress.TryParse(Host, out var address) ? address : null;

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
