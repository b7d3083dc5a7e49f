using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FtpProxy.Admin;

namespace FtpProxy.Cli;

/// <summary>`ftpproxy sessions list|kick`: talk to a running daemon over its admin socket.</summary>
internal static class AdminCommands
{
    private static readonly string[] TableHeader = ["ID", "PID", "CLIENT", "USER", "STATE", "STARTED", "BYTES"];

    public static readonly Option<string?> AdminSocketOption = new("--admin-socket")
    {
        Description = "The daemon's admin Unix socket (default $XDG_RUNTIME_DIR/ftpproxy.sock, else /tmp/ftpproxy-UID.sock).",
        HelpName = "PATH",
    };

    public static Command BuildSessionsCommand()
    {
        var sessions = new Command("sessions", "List or end the sessions of a running daemon.");
        sessions.Subcommands.Add(BuildList());
        sessions.Subcommands.Add(BuildKick());
        return sessions;
    }

    private static Command BuildList()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var list = new Command("list", "One row per live session: id, pid, client, user, state, start time, bytes.") { json, AdminSocketOption };
        list.SetAction(async (parse, _) =>
        {
            var (response, error) = await AdminClient.SendAsync(parse.GetValue(AdminSocketOption), new AdminRequest("list"));
            if (response is not { Ok: true, Sessions: { } rows })
            {
                await Console.Error.WriteLineAsync($"ftpproxy: {response?.Error ?? error}");
                return ExitCodes.RuntimeFailure;
            }

            Console.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(rows, AdminJsonContext.Default.IReadOnlyListSessionInfo) + "\n" : FormatTable(rows));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command BuildKick()
    {
        var id = new Argument<string>("ID") { Description = "The session id, as `sessions list` shows it." };
        var kick = new Command("kick", "End a session: its client gets 421 and both sides are closed.") { id, AdminSocketOption };
        kick.SetAction(async (parse, _) =>
        {
            var (response, error) = await AdminClient.SendAsync(parse.GetValue(AdminSocketOption), new AdminRequest("kick", parse.GetValue(id)));
            if (response is not { Ok: true })
            {
                await Console.Error.WriteLineAsync($"ftpproxy: {response?.Error ?? error}");
                return ExitCodes.RuntimeFailure;
            }

            Console.Out.WriteLine($"Session {parse.GetValue(id)} kicked.");
            return ExitCodes.Success;
        });
        return kick;
    }

    private static string FormatTable(IReadOnlyList<SessionInfo> rows)
    {
        var table = new List<string[]> { TableHeader };
        table.AddRange(rows.Select(r => new[]
        {
            r.Id,
            r.Pid.ToString(CultureInfo.InvariantCulture),
            r.Client,
            r.User,
            r.State,
            r.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.Bytes.ToString(CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, 7).Select(c => table.Max(row => row[c].Length)).ToArray();
        return string.Concat(table.Select(row =>
            string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd() + "\n"));
    }
}
