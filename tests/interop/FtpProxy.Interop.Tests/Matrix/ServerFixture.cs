using System.Net;
using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// One server instance per kind and address (127.0.0.1, ::1), shared by every cell of a test class (cells of one class
/// run one after another, so each cell can read the server's command log from a mark it took). Started on
/// first use, so a skipped theory never starts anything; a failed start is remembered and fails every cell fast.
/// </summary>
public abstract class ServerFixture(ServerKind kind) : IAsyncLifetime
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Task<SeededServer>> _servers = [];

    public ServerKind Kind { get; } = kind;

    internal Task<SeededServer> GetAsync(IPAddress address)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(address, out var server))
            {
                server = StartAsync(address);
                _servers[address] = server;
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

    private async Task<SeededServer> StartAsync(IPAddress address)
    {
        var server = await FtpServers.StartAsync(Kind, address);
        return new SeededServer(server, SeedFiles.WriteInto(server.RootDirectory));
    }
}
