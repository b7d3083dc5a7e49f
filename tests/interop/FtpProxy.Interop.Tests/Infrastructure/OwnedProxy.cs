using System.Globalization;
using System.Net;
using FtpProxy.Tests.Common;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>
/// The real proxy (`dotnet ftpproxy.dll`, through ProxyProcess) with `--log-level debug`, so its log shows
/// every command it received, sent and translated. Disposing kills it (ProxyProcess kills by pid, with its
/// session workers) and removes its admin socket file, which a killed daemon leaves behind in /tmp.
/// </summary>
internal sealed class OwnedProxy : IAsyncDisposable
{
    private OwnedProxy(ProxyProcess process, string adminSocket)
    {
        Process = process;
        AdminSocket = adminSocket;
    }

    public ProxyProcess Process { get; }

    public string AdminSocket { get; }

    public IPEndPoint ListenEndPoint => Process.ListenEndPoint!;

    public int Pid => Process.Pid;

    public IReadOnlyList<string> Log => Process.Output.ToList();

    /// <summary>Listens on 127.0.0.1:0 through ProxyProcess.StartDaemonAsync.</summary>
    public static async Task<OwnedProxy> StartAsync(IPEndPoint upstream, params string[] extraArgs)
    {
        var process = await ProxyProcess.StartDaemonAsync(upstream, ["--log-level", "debug", .. extraArgs]);
        return new OwnedProxy(process, process.AdminSocket);
    }

    /// <summary>
    /// Listens on [::1]:0. StartDaemonAsync always listens on 127.0.0.1 (a second --listen is a usage error), so
    /// this starts the same ProxyProcess with its own arguments, including a fresh --admin-socket as
    /// StartDaemonAsync does (the default path, /tmp/ftpproxy-PORT.sock, is /tmp/ftpproxy-0.sock for port 0).
    /// </summary>
    public static async Task<OwnedProxy> StartOnIPv6Async(IPEndPoint upstream)
    {
        var adminSocket = ProxyProcess.NewAdminSocketPath();
        var process = ProxyProcess.Start(
            "--listen", "[::1]:0",
            "--upstream", upstream.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? string.Create(CultureInfo.InvariantCulture, $"[{upstream.Address}]:{upstream.Port}")
                : upstream.ToString(),
            "--admin-socket", adminSocket,
            "--log-level", "debug");
        var proxy = new OwnedProxy(process, adminSocket);
        try
        {
            await process.WaitForListeningAsync();
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (bounded) until the proxy logged the end of the session, so its log is complete.</summary>
    public Task<bool> WaitForSessionEndAsync() => Process.WaitForOutputAsync("Session ended", TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        if (AdminSocket.Length > 0)
        {
            File.Delete(AdminSocket);
        }
    }
}
