using System.Globalization;

namespace FtpProxy.Bench;

/// <summary>Unique set size (private pages) of a process, from /proc/PID/smaps_rollup.</summary>
internal static class Memory
{
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
