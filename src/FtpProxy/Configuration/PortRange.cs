using System.Globalization;

namespace FtpProxy.Configuration;

/// <summary>An inclusive range of TCP ports, "MIN-MAX".</summary>
internal sealed record PortRange(int Min, int Max)
{
    public int Count => Max - Min + 1;

    public static bool TryParse(string text, out PortRange range, out string error)
    {
        range = new PortRange(0, 0);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            error = $"'{text}' is not a port range; expected MIN-MAX, e.g. 50000-50100";
            return false;
        }

        if (min < 1024 || max > 65535 || min > max)
        {
            error = $"'{text}': ports must satisfy 1024 <= MIN <= MAX <= 65535";
            return false;
        }

        range = new PortRange(min, max);
        error = string.Empty;
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
