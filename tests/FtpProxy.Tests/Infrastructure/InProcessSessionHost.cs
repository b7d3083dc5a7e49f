using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Daemon;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>
/// Runs each session on a thread of the test process: the real session code, without worker
/// processes, for fast functional tests. A session's loop hears "shut down" through a socketpair,
/// as a worker's hears the daemon.
/// </summary>
internal sealed class InProcessSessionHost(SessionSettings settings, ILogger log) : ISessionHost
{
    private readonly ConcurrentDictionary<string, (ShutdownLine Shutdown, Task Run)> _sessions = new();

    public int ActiveSessions => _sessions.Count;

    public void Launch(Socket client, string sessionId)
    {
        var sessionLog = log
            .ForContext(LogProperties.SessionId, sessionId)
            .ForContext(LogProperties.Client, (client.RemoteEndPoint as IPEndPoint)?.ToString());
        var shutdown = ShutdownLine.Create();
        var run = new TaskCompletionSource();
        var thread = new Thread(() =>
        {
            try
            {
                using var upstream = ProxySession.StartUpstreamConnect(settings);
                using var session = new ProxySession(client, upstream, settings, sessionLog, NullSessionObserver.Instance, shutdown);
                session.Run();
            }
            finally
            {
                _sessions.TryRemove(sessionId, out _);
                shutdown.Dispose();
                run.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"session {sessionId}",
        };
        _sessions[sessionId] = (shutdown, run.Task);
        thread.Start();
    }

    public Task WhenAllEndedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sessions.Values.Select(s => s.Run)).WaitAsync(cancellationToken);

    public void TerminateAll()
    {
        foreach (var (shutdown, _) in _sessions.Values)
        {
            shutdown.Signal();
        }
    }

    public async ValueTask DisposeAsync()
    {
        TerminateAll();
        await Task.WhenAll(_sessions.Values.Select(s => s.Run));
    }

    /// <summary>A socketpair whose one message means "shut down", read by the session's own loop.</summary>
    private sealed class ShutdownLine : ITerminationSource, IDisposable
    {
        private readonly Socket _hostEnd;
        private readonly Lock _lock = new();
        private readonly byte[] _received = new byte[1];
        private bool _disposed;

        private ShutdownLine(Socket hostEnd, Socket sessionEnd)
        {
            _hostEnd = hostEnd;
            Socket = sessionEnd;
        }

        public Socket Socket { get; }

        public static ShutdownLine Create() =>
            SeqPacketChannel.TryCreatePair(out var hostEnd, out var sessionEnd, out var errno)
                ? new ShutdownLine(SeqPacketChannel.ToSocket(hostEnd), SeqPacketChannel.ToSocket(sessionEnd))
                : throw new InvalidOperationException($"socketpair failed: errno {errno}");

        /// <summary>Safe to call while the session ends on its own thread.</summary>
        public void Signal()
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _hostEnd.Send([1], SocketFlags.None, out _);
                }
            }
        }

        public bool TryRead(out TerminationRequested? request)
        {
            var length = Socket.Receive(_received, SocketFlags.None, out var error);
            request = error == SocketError.Success && length > 0
                ? new TerminationRequested(ProxyReplies.ShuttingDown, "proxy shutting down")
                : null;
            return request is not null;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
            }

            _hostEnd.Dispose();
            Socket.Dispose();
        }
    }
}
