using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FtpProxy.Tests.Common;

namespace FtpProxy.Bench;

/// <summary>An ftpproxy daemon started for a measurement (apphost or dll), on 127.0.0.1:0.</summary>
internal sealed class BenchProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private BenchProxy(Process process, string adminSocket)
    {
        _process = process;
        AdminSocket = adminSocket;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _lines.Enqueue(line);
                if (ProxyProcess.TryParseListening(line, out var endPoint))
                {
                    EndPoint = endPoint;
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public IPEndPoint? EndPoint { get; private set; }

    public int Pid => _process.Id;

    public string AdminSocket { get; }

    public static async Task<BenchProxy> StartAsync(string path, IPEndPoint upstream, int spares)
    {
        var adminSocket = Path.Combine(Path.GetTempPath(), $"ftpproxy-bench-{Guid.NewGuid():N}.sock");
        var info = path.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(path);
        if (path.EndsWith(".dll", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(path);
        }

        foreach (var arg in new[] { "--listen", "127.0.0.1:0", "--upstream", upstream.ToString(), "--admin-socket", adminSocket,
                     "--spare-workers", spares.ToString(CultureInfo.InvariantCulture), "--log-level", "information", "--max-per-ip", "500" })
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardError = true;
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        var proxy = new BenchProxy(Process.Start(info)!, adminSocket);
        await TestDeadline.UntilAsync(() => proxy.EndPoint is not null || proxy._process.HasExited);

        if (proxy.EndPoint is null)
        {
            await proxy.DisposeAsync();
            throw new InvalidOperationException("proxy did not start:\n" + string.Join("\n", proxy._lines));
        }

        return proxy;
    }

    /// <summary>Child pids of the daemon (workers), from /proc.</summary>
    public IReadOnlyList<int> Children() => ProcessChildren.Of(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();

        // A killed daemon cannot remove its socket file; without this, every run left its sockets in /tmp.
        File.Delete(AdminSocket);
    }

}
