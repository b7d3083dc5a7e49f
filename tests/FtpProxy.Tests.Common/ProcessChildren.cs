using System.Globalization;

namespace FtpProxy.Tests.Common;

/// <summary>The children of a process, as /proc lists them.</summary>
public static class ProcessChildren
{
    /// <summary>Child pids of <paramref name="pid"/>, whichever of its threads started them.</summary>
    public static IReadOnlyList<int> Of(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .ToList();
}
