using System.Globalization;

namespace FtpProxy.Bench;

/// <summary>Processes as /proc shows them: their unique set size (private pages) and their children.</summary>
internal static class Memory
{
    /// <summary>Child pids of <paramref name="pid"/>, whichever of its threads started them.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .ToList();

    public static double UssMiB(int pid)
    {
        long kib = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
            {
                kib += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return kib / 1024.0;
    }
}
