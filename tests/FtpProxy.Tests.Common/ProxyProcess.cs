using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace FtpProxy.Tests.Common;

/// <summary>The real `ftpproxy` executable as a child process of the test, with its standard error captured.</summary>
public sealed partial class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ProxyProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public IPEndPoint? ListenEndPoint { get; private set; }

    /// <summary>The admin socket this daemon was given (a fresh path per test, so parallel daemons never collide).</summary>
    public string AdminSocket { get; private set; } = string.Empty;

    public static string NewAdminSocketPath() => Path.Combine(Path.GetTempPath(), $"ftpproxy-test-{Guid.NewGuid():N}.sock");

    /// <summary>Runs `ftpproxy ARGS` to completion (e.g. `sessions list`) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunToEndAsync(params string[] args) => RunToEndAsync(environment: null, args);

    /// <summary>As <see cref="RunToEndAsync(string[])"/>, with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await using var process = Start(asUser: null, args, environment);
        var exitCode = await process.WaitForExitAsync().ConfigureAwait(false);
        await TestDeadline.UntilAsync(() => process._outputClosed >= 2).ConfigureAwait(false);
        return (exitCode, string.Join("\n", process.Output));
    }

    private int _outputClosed;

    /// <summary>Everything the process wrote so far, standard output and error interleaved.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The path of ftpproxy.dll, copied next to the test assembly by the project reference.</summary>
    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "ftpproxy.dll");

    /// <summary>Starts `ftpproxy ARGS` and returns without waiting for anything.</summary>
    public static ProxyProcess Start(params string[] args) => Start(asUser: null, args, environment: null);

    /// <summary>Starts `ftpproxy ARGS` as another user (root only: setpriv(1) drops to that uid and gid before the runtime starts).</summary>
    public static ProxyProcess StartAs(int uid, params string[] args) => Start(uid, args, environment: null);

    /// <summary>
    /// Starts the daemon with ARGS as another user (root only: setpriv(1) drops to that uid and gid
    /// before the runtime starts), with a fresh admin socket, without waiting for anything.
    /// </summary>
    public static ProxyProcess StartDaemonAs(int uid, params string[] args) => StartDaemon(uid, args);

    private static ProxyProcess Start(int? asUser, string[] args, IReadOnlyDictionary<string, string>? environment, string? executable = null)
    {
        var info = new ProcessStartInfo(executable ?? (asUser is null ? "dotnet" : "setpriv"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asUser is { } uid)
        {
            info.ArgumentList.Add($"--reuid={uid}");
            info.ArgumentList.Add($"--regid={uid}");
            info.ArgumentList.Add("--clear-groups");
            info.ArgumentList.Add("dotnet");
        }

        if (executable is null)
        {
            info.ArgumentList.Add(EntryAssembly);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new ProxyProcess(Process.Start(info)!);
    }

    /// <summary>
    /// Starts the daemon with ARGS and a fresh admin socket, without waiting for anything. The socket
    /// file is removed on dispose: a killed daemon cannot remove it itself.
    /// </summary>
    public static ProxyProcess StartDaemon(params string[] args) => StartDaemon(asUser: null, args);

    private static ProxyProcess StartDaemon(int? asUser, string[] args, string? executable = null)
    {
        var adminSocket = NewAdminSocketPath();
        var proxy = Start(asUser, [.. args, "--admin-socket", adminSocket], environment: null, executable);
        proxy.AdminSocket = adminSocket;
        return proxy;
    }

    /// <summary>Starts the daemon on 127.0.0.1:0 in front of <paramref name="upstream"/> and waits for its start-up line.</summary>
    public static Task<ProxyProcess> StartDaemonAsync(IPEndPoint upstream, params string[] extraArgs) =>
        StartDaemonAsync(upstream, IPAddress.Loopback, extraArgs);

    /// <summary>
    /// Starts the daemon on <paramref name="listenAddress"/> port 0, with a fresh admin socket, and
    /// waits for its start-up line. A daemon that does not start is disposed before the error is thrown.
    /// </summary>
    public static Task<ProxyProcess> StartDaemonAsync(IPEndPoint upstream, IPAddress listenAddress, params string[] extraArgs) =>
        StartDaemonAsync(executable: null, upstream, listenAddress, extraArgs);

    /// <summary>
    /// As <see cref="StartDaemonAsync(IPEndPoint, string[])"/>, run through <paramref name="apphost"/>
    /// (a copy of the `ftpproxy` executable) instead of `dotnet ftpproxy.dll`: the daemon then starts
    /// its workers through that same file.
    /// </summary>
    public static Task<ProxyProcess> StartDaemonThroughAsync(string apphost, IPEndPoint upstream, params string[] extraArgs) =>
        StartDaemonAsync(apphost, upstream, IPAddress.Loopback, extraArgs);

    private static async Task<ProxyProcess> StartDaemonAsync(string? executable, IPEndPoint upstream, IPAddress listenAddress, string[] extraArgs)
    {
        var proxy = StartDaemon(asUser: null, ["--listen", Bracketed(new IPEndPoint(listenAddress, 0)), "--upstream", Bracketed(upstream), .. extraArgs], executable);
        try
        {
            await proxy.WaitForListeningAsync().ConfigureAwait(false);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WaitForListeningAsync()
    {
        var found = await TestDeadline.UntilAsync(() => ListenEndPoint is not null || _process.HasExited).ConfigureAwait(false);
        if (!found || ListenEndPoint is null)
        {
            throw new InvalidOperationException("ftpproxy did not start listening:\n" + string.Join("\n", _output));
        }
    }

    public Task<bool> WaitForOutputAsync(string fragment, TimeSpan? timeout = null) =>
        TestDeadline.UntilAsync(() => _output.Any(l => l.Contains(fragment, StringComparison.Ordinal)), timeout);

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? TestDeadline.Default).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public void Signal(int signal) => Signal(_process.Id, signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>: only ever a process the test started (or its child).</summary>
    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TestDeadline.Default).ConfigureAwait(false);
        }

        _process.Dispose();

        // A killed daemon leaves its socket file behind in /tmp.
        if (AdminSocket.Length > 0)
        {
            File.Delete(AdminSocket);
        }
    }

    /// <summary>host:port as the command line takes it: IPv6 in brackets.</summary>
    private static string Bracketed(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();

    private void Collect(string? line)
    {
        if (line is null)
        {
            Interlocked.Increment(ref _outputClosed);
            return;
        }

        _output.Enqueue(line);
        if (TryParseListening(line, out var endPoint))
        {
            ListenEndPoint = endPoint;
        }
    }

    /// <summary>The address in the daemon's "Listening on ADDRESS, …" start-up line, wherever that line was read from.</summary>
    public static bool TryParseListening(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        var match = ListeningLine().Match(line);
        endPoint = null;
        return match.Success && IPEndPoint.TryParse(match.Groups[1].Value, out endPoint);
    }

    [GeneratedRegex(@"Listening on (\S+?),")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
