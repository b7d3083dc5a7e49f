using System.Globalization;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>What a test can learn about a running daemon from outside (`sessions list`, /proc), and ways to hold its workers.</summary>
internal static class DaemonProbe
{
    /// <summary>Polls `sessions list` until <paramref name="condition"/> holds (deadline), and returns the last rows.</summary>
    public static async Task<IReadOnlyList<SessionRow>> ListUntilAsync(ProxyProcess daemon, Func<IReadOnlyList<SessionRow>, bool> condition)
    {
        IReadOnlyList<SessionRow> rows = [];
        await TestDeadline.UntilAsync(async () => condition(rows = await SessionRow.ListAsync(daemon)));
        return rows;
    }

    /// <summary>The daemon's one session, once its user has logged in (deadline).</summary>
    public static async Task<SessionRow> TheLoggedInSessionAsync(ProxyProcess daemon) =>
        (await ListUntilAsync(daemon, rows => rows.Count == 1 && rows[0].User.Length > 0)).Single();

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

    /// <summary>
    /// Stops (SIGSTOP) the one spare of a daemon started with `--spare-workers 1 --log-level debug`,
    /// connects a client and returns once the daemon has handed it over: the descriptor waits unread
    /// in the held spare's socket.
    /// </summary>
    public static async Task<(ScriptedFtpClient Client, int Spare)> ConnectToAHeldSpareAsync(ProxyProcess daemon)
    {
        var spare = 0;
        (await TestDeadline.UntilAsync(() => (spare = ReadySpare(daemon)) != 0)).Should().BeTrue();
        ProxyProcess.Signal(spare, ProxyProcess.SigStop);
        var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
        await ListUntilAsync(daemon, rows => rows.Count == 1 && rows[0].Pid == spare);
        return (client, spare);
    }

    /// <summary>A running child that has reported ready (the daemon logs it at Debug); 0 if none has yet.</summary>
    private static int ReadySpare(ProxyProcess daemon) => ProcessChildren.Of(daemon.Pid).FirstOrDefault(
        pid => !IsGone(pid) && daemon.Output.Any(line => line.Contains($"Worker {pid} is ready", StringComparison.Ordinal)));

    /// <summary>
    /// Connects a client to a daemon without spares and stops (SIGSTOP) the worker started for it
    /// before that worker is ready, so the session stays "starting" for as long as the test wants.
    /// The stop races the worker's start-up: an attempt that loses (the session is no longer
    /// starting) lets its worker go and tries again with a new client.
    /// </summary>
    public static async Task<(ScriptedFtpClient Client, int Worker, SessionRow Session)> ConnectWithItsWorkerHeldAsync(ProxyProcess daemon)
    {
        var known = new HashSet<int>(ProcessChildren.Of(daemon.Pid));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var client = await ScriptedFtpClient.ConnectAsync(daemon.ListenEndPoint!, readGreeting: false);
            var worker = 0;
            (await TestDeadline.UntilAsync(() => (worker = ProcessChildren.Of(daemon.Pid).FirstOrDefault(p => !known.Contains(p))) != 0)).Should().BeTrue();
            known.Add(worker);
            ProxyProcess.Signal(worker, ProxyProcess.SigStop);
            var rows = await SessionRow.ListAsync(daemon);
            if (rows.SingleOrDefault(r => r.State == "starting") is { } session)
            {
                return (client, worker, session);
            }

            ProxyProcess.Signal(worker, ProxyProcess.SigCont);
            await client.DisposeAsync();
            (await TestDeadline.UntilAsync(async () => (await SessionRow.ListAsync(daemon)).Count == 0)).Should().BeTrue();
        }

        throw new InvalidOperationException("never caught a worker before it was ready");
    }
}
