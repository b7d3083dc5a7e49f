using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Handoff;
using FtpProxy.Logging;
using FtpProxy.Protocol;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using Serilog;
using Serilog.Events;

namespace FtpProxy.Daemon;

/// <summary>
/// Runs every session in its own worker process (the fork() model). The daemon side only admits,
/// hands the socket over and keeps the registry; it never reads a byte of FTP.
/// </summary>
internal sealed partial class WorkerSessionHost : ISessionHost
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly SessionSettingsMessage _settings;
    private readonly SessionRegistry _registry;
    private readonly WorkerPool _pool;
    private readonly ILogger _log;

    public WorkerSessionHost(SessionSettings settings, DaemonLimits limits, WorkerLaunchSettings launch, ILogger log)
    {
        _settings = SessionSettingsMessage.From(settings);
        _registry = new SessionRegistry(limits.MaxSessions, limits.MaxPerIp);
        _log = log;
        _pool = new WorkerPool(limits.SpareWorkers, launch, log, OnWorkerMessage, OnWorkerExit);
        _pool.Start();
    }

    public int ActiveSessions => _registry.Count;

    public SessionRegistry Registry => _registry;

    public void Launch(Socket client, string sessionId)
    {
        if (client.RemoteEndPoint is not IPEndPoint remote)
        {
            client.Dispose();
            return;
        }

        if (!_registry.TryAdmit(sessionId, remote, out var record, out var refusal))
        {
            _log.Warning("Refused {Client}: {Refusal}", remote.ToString(), refusal);
            Refuse(client, FtpReply.Create(ReplyCodes.ServiceNotAvailable, refusal));
            return;
        }

        // Straight on the accept path: with a spare ready the hand-off is one sendmsg, and a thread-pool
        // hop would cost more than it does. Only a cold start awaits, and then the accept loop goes on.
        _ = HandOffAsync(client, record);
    }

    /// <summary>Asks the session's worker to end it (or, still starting, ends it at its hand-off); the client gets 421. False for an unknown id.</summary>
    public bool Kick(string sessionId)
    {
        if (_registry.Find(sessionId) is not { } record)
        {
            return false;
        }

        Terminate(record, new KickMessage());
        return true;
    }

    public Task WhenAllEndedAsync(CancellationToken cancellationToken) => _registry.WhenEmptyAsync().WaitAsync(cancellationToken);

    public void TerminateAll()
    {
        foreach (var record in _registry.Snapshot())
        {
            Terminate(record, new ShutdownMessage());
        }
    }

    /// <summary>
    /// Leaves the request on the record for the hand-off and sends it to the session's worker, if it
    /// has one. The hand-off reads it after publishing the worker, and this sends after leaving it,
    /// so whichever runs second sees the other's write (a worker may hear it twice).
    /// </summary>
    private static void Terminate(SessionRecord record, HandoffMessage request)
    {
        // Kept on the record even when sent: a worker that dies before taking the client never acts on it.
        record.PendingTermination = request;
        record.Worker?.TrySend(request);
    }

    public async ValueTask DisposeAsync()
    {
        TerminateAll();
        if (!await _registry.WhenEmptyAsync().CompletesWithinAsync(ExitGrace))
        {
            foreach (var record in _registry.Snapshot())
            {
                if (record.Worker is { } worker)
                {
                    _log.Warning("Worker {WorkerPid} did not end in time; killing it", worker.Pid);
                    worker.Kill();
                }
            }
        }

        await _pool.DisposeAsync();

        // The pool's shutdown answered the clients still queued; their 421s go out on other threads.
        await _registry.WhenEmptyAsync().CompletesWithinAsync(ExitGrace);
    }

    private void OnWorkerMessage(WorkerProcess worker, HandoffMessage message)
    {
        if (worker.SessionId is not { } id || _registry.Find(id) is not { } record)
        {
            return;
        }

        switch (message)
        {
            case SessionStartedMessage:
                record.State = SessionStates.Connected;
                break;
            case LoggedInMessage login:
                record.User = login.User;
                record.State = SessionStates.LoggedIn;
                break;
            case TransferStartedMessage:
                record.State = SessionStates.Transferring;
                break;
            case TransferProgressMessage progress:
                record.RunningTransferBytes = Math.Max(0, progress.Bytes);
                break;
            case TransferDoneMessage done:
                // In this order, a list read in between undercounts for a moment rather than counting twice.
                record.RunningTransferBytes = 0;
                record.FinishedTransferBytes += Math.Max(0, done.Bytes);
                record.State = record.User.Length > 0 ? SessionStates.LoggedIn : SessionStates.Connected;
                break;
            case SessionEndedMessage:
                record.State = SessionStates.Ending;
                record.EndReported = true;
                break;
        }
    }

    private void OnWorkerExit(WorkerProcess worker, int status)
    {
        if (worker.SessionId is not { } id)
        {
            return;
        }

        if (!worker.HasTakenClient)
        {
            // Its client was never its: the hand-off decides what becomes of the client (another
            // worker, or the daemon's 421). A kill of our own is no failure; anything else is the worker's.
            _log.ForContext(LogProperties.SessionId, id).Write(
                worker.KilledByDaemon ? LogEventLevel.Debug : LogEventLevel.Warning,
                "Worker {WorkerPid} died with status {Status} before taking the client of session {SessionId}",
                worker.Pid,
                status,
                id);
            return;
        }

        var record = _registry.Find(id);
        if (record is not null && !worker.KilledByDaemon && (status != 0 || !record.EndReported))
        {
            _log.ForContext(LogProperties.SessionId, id)
                .Warning("Worker {WorkerPid} of session {SessionId} died with status {Status}; the daemon carries on", worker.Pid, id, status);
        }
        else
        {
            _log.Debug("Worker {WorkerPid} of session {SessionId} exited with status {Status}", worker.Pid, id, status);
        }

        _registry.Remove(id);
    }

    /// <summary>The daemon's own answer to a client it will not hand over (a 421), then the close.</summary>
    private static void Refuse(Socket client, FtpReply reply)
    {
        try
        {
            client.Send(LineEncoder.EncodeLines(reply.Lines), SocketFlags.None);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client left already.
        }

        client.Dispose();
    }
}
