using System.Globalization;
using System.Text.Json;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>What a test can learn about a running daemon from outside: `sessions list`, and /proc.</summary>
internal static class DaemonProbe
{
    public sealed record Row(string Id, int Pid, string Client, string User, string State, long Bytes);

    public static async Task<IReadOnlyList<Row>> ListAsync(ProxyProcess daemon)
    {
        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--json", "--admin-socket", daemon.AdminSocket);
        exitCode.Should().Be(0, output);
        using var json = JsonDocument.Parse(output.Trim());
        return json.RootElement.EnumerateArray().Select(e => new Row(
            e.GetProperty("id").GetString()!,
            e.GetProperty("pid").GetInt32(),
            e.GetProperty("client").GetString()!,
            e.GetProperty("user").GetString()!,
            e.GetProperty("state").GetString()!,
            e.GetProperty("bytes").GetInt64())).ToList();
    }

    /// <summary>Polls `sessions list` until <paramref name="condition"/> holds (deadline), and returns the last rows.</summary>
    public static async Task<IReadOnlyList<Row>> ListUntilAsync(ProxyProcess daemon, Func<IReadOnlyList<Row>, bool> condition)
    {
        IReadOnlyList<Row> rows = [];
        await TestDeadline.UntilAsync(async () => condition(rows = await ListAsync(daemon)));
        return rows;
    }

    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(afterName[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Gone, or a zombie nobody has reaped yet: either way no longer running.</summary>
    public static bool IsGone(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            var stat = File.ReadAllText(path);
            return stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
