using System.Net;
using FtpProxy.Configuration;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>A fake server, the proxy in front of it, and a helper to connect clients: the usual test set-up.</summary>
internal sealed class ProxyScenario : IAsyncDisposable
{
    private ProxyScenario(FakeFtpServer server, RunningProxy proxy)
    {
        Server = server;
        Proxy = proxy;
    }

    public FakeFtpServer Server { get; }

    public RunningProxy Proxy { get; }

    public static ProxyScenario Start(FakeServerQuirks? quirks = null, Func<SessionSettings, SessionSettings>? configure = null, IPAddress? address = null)
    {
        var server = new FakeFtpServer(quirks, address);
        return new ProxyScenario(server, RunningProxy.Start(server.EndPoint, configure, address));
    }

    public Task<ScriptedFtpClient> ConnectAsync(bool readGreeting = true) => ScriptedFtpClient.ConnectAsync(Proxy.EndPoint, readGreeting);

    public async Task<ScriptedFtpClient> ConnectAndLoginAsync()
    {
        var client = await ConnectAsync();
        await client.LoginAsync();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Server.DisposeAsync();
    }
}
