using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using FtpProxy.Configuration;

namespace FtpProxy.Cli;

/// <summary>Custom option parsers: a bad value becomes a usage error (exit 2) with a sentence that says what is expected.</summary>
internal static class OptionParsers
{
    /// <summary>One of an enum's names, any case; an error lists them as the command line spells them (lower case).</summary>
    public static T ParseChoice<T>(ArgumentResult result, string option)
        where T : struct, Enum
    {
        var text = result.Tokens.Single().Value;
        // Enum.TryParse also takes numbers ("1"): only a name is a choice.
        if (text.Length > 0 && char.IsAsciiLetter(text[0]) && Enum.TryParse<T>(text, ignoreCase: true, out var value))
        {
            return value;
        }

        var names = string.Join(", ", Enum.GetNames<T>().Select(name => name.ToLowerInvariant()));
        result.AddError($"{option} '{text}': expected one of {names}");
        return default;
    }

    public static IPEndPoint? ParseListen(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!HostEndpoint.TryParse(text, IPAddress.Any.ToString(), out var endpoint, out var error))
        {
            result.AddError($"--listen {error}");
            return null;
        }

        if (endpoint.Address is not { } address)
        {
            result.AddError($"--listen '{text}': the address must be an IP literal such as 127.0.0.1 or [::]");
            return null;
        }

        return new IPEndPoint(address, endpoint.Port);
    }

    public static HostEndpoint? ParseUpstream(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!HostEndpoint.TryParse(text, defaultHost: null, out var endpoint, out var error, lowestPort: 1))
        {
            result.AddError($"--upstream {error}");
            return null;
        }

        return endpoint;
    }

    public static PortRange? ParsePortRange(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!PortRange.TryParse(text, out var range, out var error))
        {
            result.AddError($"{OptionName(result)} {error}");
            return null;
        }

        return range;
    }

    public static IPAddress? ParseAddress(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            result.AddError($"{OptionName(result)} '{text}': expected an IPv4 address (227 replies carry IPv4 only)");
            return null;
        }

        return address;
    }

    public static int ParseSeconds(ArgumentResult result, int minimum)
    {
        var text = result.Tokens.Single().Value;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < minimum)
        {
            result.AddError($"{OptionName(result)} '{text}': expected a whole number of seconds, at least {minimum}");
            return minimum;
        }

        return seconds;
    }

    public static int ParseCount(ArgumentResult result, int minimum)
    {
        var text = result.Tokens.Single().Value;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < minimum)
        {
            result.AddError($"{OptionName(result)} '{text}': expected a whole number, at least {minimum}");
            return minimum;
        }

        return count;
    }

    private static string OptionName(ArgumentResult result) =>
        (result.Parent as OptionResult)?.Option.Name ?? "option";
}
