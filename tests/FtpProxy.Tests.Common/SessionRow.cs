using System.Text.Json;

namespace FtpProxy.Tests.Common;

/// <summary>One row of `ftpproxy sessions list --json`, as a test reads it from outside the daemon.</summary>
public sealed record SessionRow(string Id, int Pid, string Client, string User, string State, long Bytes)
{
    /// <summary>Runs `ftpproxy sessions list --json` against the daemon's admin socket.</summary>
    public static async Task<IReadOnlyList<SessionRow>> ListAsync(ProxyProcess daemon)
    {
        var (exitCode, output) = await ProxyProcess.RunToEndAsync("sessions", "list", "--json", "--admin-socket", daemon.AdminSocket);
        exitCode.Should().Be(0, output);
        using var json = JsonDocument.Parse(output.Trim());
        return json.RootElement.EnumerateArray().Select(e => new SessionRow(
            e.GetProperty("id").GetString()!,
            e.GetProperty("pid").GetInt32(),
            e.GetProperty("client").GetString()!,
            e.GetProperty("user").GetString()!,
            e.GetProperty("state").GetString()!,
            e.GetProperty("bytes").GetInt64())).ToList();
    }
}
