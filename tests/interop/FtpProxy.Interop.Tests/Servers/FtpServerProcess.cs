using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Tests.Common;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>
/// One real FTP server in the foreground, on a free loopback port, serving a fresh temp dir
/// (RECIPES.md §1). Subclasses write the config and say how to read their command log.
/// </summary>
internal abstract class FtpServerProcess : IAsyncDisposable
{
    public const string User = "ftptest";
    public const string Password = "ftptest123";

    private const int BindAttempts = 5;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<string> _launcherOutput = new();
    private Process? _process;
    private IPEndPoint? _endPoint;

    protected FtpServerProcess(ServerKind kind, IPAddress address)
    {
        Kind = kind;
        Address = address;
        Scratch = new ScratchDirectory(kind.ToString().ToLowerInvariant());
        RootDirectory = Scratch.CreateSubdirectory("root", Modes.Directory777);
    }

    public ServerKind Kind { get; }

    public IPAddress Address { get; }

    public IPEndPoint EndPoint => _endPoint ?? throw new InvalidOperationException($"{Kind} is not started");

    /// <summary>The directory the FTP user sees as "/"; uploads land here.</summary>
    public string RootDirectory { get; }

    public int Pid => _process?.Id ?? throw new InvalidOperationException($"{Kind} is not started");

    /// <summary>Whether the command log also holds the server's replies (proftpd's ExtendedLog has only the code).</summary>
    public virtual bool LogsReplies => true;

    protected ScratchDirectory Scratch { get; }

    /// <summary>The file with one line per received command (RECIPES.md §1, table).</summary>
    protected abstract string CommandLogPath { get; }

    /// <summary>Where the server's own standard output and error go.</summary>
    protected abstract string ConsoleLogPath { get; }

    /// <summary>Matches a command-log line: group 1 is "VERB args", or groups "verb" and "arg" hold them apart.</summary>
    protected abstract Regex CommandLine { get; }

    /// <summary>Extracts a reply ("227 Entering …") from a log line; null when the log has none.</summary>
    protected virtual Regex? ReplyLine => null;

    public override string ToString() => $"{Kind} on {EndPoint} (pid {_process?.Id})";

    public async Task StartAsync()
    {
        await BeforeFirstStartAsync();
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= BindAttempts; attempt++)
        {
            // Between choosing the port and the server binding it, someone else may take it: then it exits, and we retry.
            var port = FreeTcpPort.Find(Address);
            var endPoint = new IPEndPoint(Address, port);
            var process = Launch(Prepare(port));
            bool ready;
            try
            {
                ready = await ReadinessProbe.WaitForBannerAsync(endPoint, () => process.HasExited, ReadyDeadline);
            }
            catch (TimeoutException e)
            {
                await ChildProcesses.StopAsync(process, StopGrace);
                process.Dispose();
                throw new InvalidOperationException($"{Kind} did not become ready: {e.Message}\n{ConsoleOutput()}", e);
            }

            if (ready)
            {
                _process = process;
                _endPoint = endPoint;
                return;
            }

            failures.AppendLine(DescribeFailure(attempt, port, process.ExitCode, ConsoleOutput()));
            process.Dispose();
        }

        throw new InvalidOperationException($"{Kind} did not start on {Address} after {BindAttempts} attempts:\n{failures}");
    }

    /// <summary>The current end of the command log; pass it to <see cref="ReceivedCommands"/> to see only what follows.</summary>
    public LogMark Mark() => File.Exists(CommandLogPath) ? new LogMark(new FileInfo(CommandLogPath).Length) : LogMark.Start;

    /// <summary>The commands the server logged as received since <paramref name="since"/>, parsed from its command log.</summary>
    public IReadOnlyList<ServerCommand> ReceivedCommands(LogMark since = default) =>
        Lines(since).Select(line => CommandLine.Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["verb"].Success
                ? new ServerCommand(match.Groups["verb"].Value.ToUpperInvariant(), match.Groups["arg"].Value)
                : ServerCommand.Parse(match.Groups[1].Value))
            .ToList();

    /// <summary>
    /// <see cref="ReceivedCommands"/> once a command matching <paramref name="until"/> is in the log, or whatever is
    /// there when <paramref name="timeout"/> passes. A log can trail the session a little: pure-ftpd's goes through
    /// syslog and our sink, vsftpd's and proftpd's are written by per-session processes.
    /// </summary>
    public async Task<IReadOnlyList<ServerCommand>> ReceivedCommandsAsync(LogMark since, Func<ServerCommand, bool> until, TimeSpan? timeout = null)
    {
        await TestDeadline.UntilAsync(() => ReceivedCommands(since).Any(until), timeout ?? TimeSpan.FromSeconds(5));
        return ReceivedCommands(since);
    }

    /// <summary>Data ports the server itself announced in 227/229 replies, where its log records replies.</summary>
    public IReadOnlyList<int> AdvertisedPassivePorts(LogMark since = default) =>
        ReplyLine is { } reply
            ? PassiveReplyPorts.Parse(Lines(since).Select(line => reply.Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value))
            : [];

    /// <summary>The raw command log since <paramref name="since"/>, for test output.</summary>
    public string ReadCommandLog(LogMark since = default)
    {
        if (!File.Exists(CommandLogPath))
        {
            return string.Empty;
        }

        using var file = new FileStream(CommandLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(Math.Min(since.Offset, file.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public string ConsoleOutput()
    {
        var text = File.Exists(ConsoleLogPath) ? File.ReadAllText(ConsoleLogPath) : "(no output file)";
        var launcher = string.Join('\n', _launcherOutput);
        return launcher.Length == 0 ? text : text + "\n" + launcher;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await ChildProcesses.StopAsync(_process, StopGrace);
            _process.Dispose();
        }

        await AfterStopAsync();
        Scratch.Dispose();
    }

    /// <summary>Writes the config for <paramref name="port"/> and returns the command that runs the server in the foreground.</summary>
    protected abstract ProcessCommand Prepare(int port);

    protected virtual Task BeforeFirstStartAsync() => Task.CompletedTask;

    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;

    /// <summary>The address as the server's configuration spells it.</summary>
    protected string AddressText => Address.ToString();

    protected bool IsIPv6 => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    private static string DescribeFailure(int attempt, int port, int exitCode, string output) =>
        $"attempt {attempt}, port {port}: exited with {exitCode}\n{output}";

    private IEnumerable<string> Lines(LogMark since) =>
        ReadCommandLog(since).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    private Process Launch(ProcessCommand command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            // The shell redirects the server's own output to a file; these pipes only catch the shell's complaints.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Scratch.Path,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {command}");
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _launcherOutput.Enqueue(line);
        }
    }
}
