namespace FtpProxy.Bench;

/// <summary>Order statistics over a sample of durations, in milliseconds.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<TimeSpan> sample, double p)
    {
        var sorted = sample.Select(s => s.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
