using System.Net;
using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// One server instance per kind and address family, shared by every cell of a test class (cells of one class
/// run one after another, so each cell can read the server's command log from a mark it took). Started on
/// first use, so a skipped theory never starts anything; a failed start is remembered and fails every cell fast.
/// </summary>
public abstract class ServerFixture(ServerKind kind) : IAsyncLifetime
{
    private readonly Lock _lock = new();
    private readonly Dictionary<UpstreamFamily, Task<SeededServer>> _servers = [];

    public ServerKind Kind { get; } = kind;

    internal Task<SeededServer> GetAsync(UpstreamFamily family)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(family, out var server))
            {
                server = StartAsync(family);
                _servers[family] = server;
            }

            return server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var start in _servers.Values)
        {
            if (start.IsCompletedSuccessfully)
            {
                await start.Result.Server.DisposeAsync();
            }
        }
    }

    private async Task<SeededServer> StartAsync(UpstreamFamily family)
    {
        var address = family == UpstreamFamily.IPv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var server = await FtpServers.StartAsync(Kind, address);
        return new SeededServer(server, SeedFiles.WriteInto(server.RootDirectory));
    }
}
