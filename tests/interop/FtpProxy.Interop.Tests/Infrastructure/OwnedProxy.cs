using System.Net;
using FtpProxy.Tests.Common;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>
/// The real proxy (`dotnet ftpproxy.dll`, through ProxyProcess) with `--log-level debug`, so its log shows
/// every command it received, sent and translated. Disposing kills it (ProxyProcess kills by pid, with its
/// session workers, and removes its admin socket file).
/// </summary>
internal sealed class OwnedProxy : IAsyncDisposable
{
    private OwnedProxy(ProxyProcess process) => Process = process;

    public ProxyProcess Process { get; }

    public IPEndPoint ListenEndPoint => Process.ListenEndPoint!;

    public int Pid => Process.Pid;

    public IReadOnlyList<string> Log => Process.Output.ToList();

    /// <summary>Listens on 127.0.0.1:0.</summary>
    public static async Task<OwnedProxy> StartAsync(IPEndPoint upstream, params string[] extraArgs) =>
        new(await ProxyProcess.StartDaemonAsync(upstream, ["--log-level", "debug", .. extraArgs]));

    /// <summary>Listens on [::1]:0.</summary>
    public static async Task<OwnedProxy> StartOnIPv6Async(IPEndPoint upstream) =>
        new(await ProxyProcess.StartDaemonAsync(upstream, IPAddress.IPv6Loopback, "--log-level", "debug"));

    /// <summary>Waits (bounded) until the proxy logged the end of the session, so its log is complete.</summary>
    public Task<bool> WaitForSessionEndAsync() => Process.WaitForOutputAsync("Session ended", TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
