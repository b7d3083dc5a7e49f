using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Daemon;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>Runs each session as a task in the test process: the real session code, without worker processes, for fast functional tests.</summary>
internal sealed class InProcessSessionHost(SessionSettings settings, ILogger log) : ISessionHost
{
    private readonly ConcurrentDictionary<string, (ProxySession Session, Task Run)> _sessions = new();

    public int ActiveSessions => _sessions.Count;

    public void Launch(Socket client, string sessionId)
    {
        var sessionLog = log
            .ForContext(LogProperties.SessionId, sessionId)
            .ForContext(LogProperties.Client, (client.RemoteEndPoint as IPEndPoint)?.ToString());
        var session = new ProxySession(client, settings, sessionLog, NullSessionObserver.Instance);
        var run = Task.Run(async () =>
        {
            try
            {
                await session.RunAsync();
            }
            finally
            {
                _sessions.TryRemove(sessionId, out _);
            }
        });
        _sessions[sessionId] = (session, run);
    }

    public Task WhenAllEndedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sessions.Values.Select(s => s.Run)).WaitAsync(cancellationToken);

    public void TerminateAll()
    {
        foreach (var (session, _) in _sessions.Values)
        {
            session.Terminate(ProxyReplies.ShuttingDown, "proxy shutting down");
        }
    }

    public async ValueTask DisposeAsync()
    {
        TerminateAll();
        await Task.WhenAll(_sessions.Values.Select(s => s.Run));
    }
}
