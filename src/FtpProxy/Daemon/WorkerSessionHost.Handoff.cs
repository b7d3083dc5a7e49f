using System.Net.Sockets;
using FtpProxy.Handoff;
using FtpProxy.Protocol;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Daemon;

/// <summary>
/// The hand-off: a worker from the pool for each admitted client, the client's socket sent to it,
/// and the daemon's copy kept until the worker says it has taken the client, so a worker that dies
/// first costs the client nothing. A client that never reaches a worker gets the daemon's 421.
/// </summary>
internal sealed partial class WorkerSessionHost
{
    /// <summary>How often a hand-off not yet acknowledged looks for a kick, a shutdown or a client that left.</summary>
    private static readonly TimeSpan AcknowledgementCheckInterval = TimeSpan.FromSeconds(1);

    private async Task HandOffAsync(Socket client, SessionRecord record)
    {
        const int attempts = 3;
        var failedHandOffs = 0;
        try
        {
            // A spare can die between its "ready" and our sendmsg, or with the client unread in its
            // socket: until a worker says it has taken the client, the next one can still get it.
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                var worker = await _pool.TakeAsync(NoLongerWanted, atFront: attempt > 1);
                if (worker is null)
                {
                    break;
                }

                if (NoLongerWanted())
                {
                    // The worker was never used: the next client in the queue gets it.
                    _pool.Return(worker);
                    break;
                }

                if (await TryHandOffAsync(client, record, worker, NoLongerWanted))
                {
                    return;
                }

                failedHandOffs++;
                if (NoLongerWanted())
                {
                    break;
                }
            }

            EndUnstarted(client, record, failedHandOffs);
        }
        finally
        {
            // A worker holds its own copy now, or none will. Nothing was ever received on ours, so
            // this close does not reset the connection (a pending receive would turn it into an RST).
            client.Dispose();
        }

        // Kicked, the daemon stopping, or the client gone: asked while it waits and again before the hand-off.
        bool NoLongerWanted() => record.PendingTermination is not null || HasLeft(client);
    }

    /// <summary>Sends the client to the worker and waits for the worker to say it has it. False if the worker failed us, or was taken from it; it is dead or dying then.</summary>
    private async Task<bool> TryHandOffAsync(Socket client, SessionRecord record, WorkerProcess worker, Func<bool> noLongerWanted)
    {
        if (!worker.TryHandOff(client, new StartSessionMessage(record.Id, _settings)))
        {
            _log.Warning("Hand-off of {Client} to worker {WorkerPid} failed; trying another", record.Client.ToString(), worker.Pid);
            worker.EnsureDead();
            return false;
        }

        record.Worker = worker;
        if (record.PendingTermination is { } request)
        {
            worker.TrySend(request);
        }

        // No time limit: the acknowledgement is the worker's first act, microseconds after recvmsg, so
        // only a worker stopped (SIGSTOP) or dying holds it up. A limit could expire while the
        // acknowledgement is on its way, and a second worker would then serve a client the first is
        // already talking to. Only a kick, a shutdown or the client leaving ends the wait early: the
        // worker is killed, and its channel's order alone tells whether it had taken the client
        // (a report sent before it died is read before the end of stream).
        if (await worker.Taken.CompletesUnlessAbandonedAsync(noLongerWanted, AcknowledgementCheckInterval) == WaitOutcome.Abandoned)
        {
            _log.Debug("Worker {WorkerPid} has not taken {Client}, which is no longer wanted; killing it", worker.Pid, record.Client.ToString());
            worker.Kill();
            await worker.Taken.CompletesWithinAsync(ExitGrace);
        }

        if (worker.HasTakenClient)
        {
            _log.Debug("Session {SessionId} from {Client} handed to worker {WorkerPid}", record.Id, record.Client.ToString(), worker.Pid);
            return true;
        }

        // The client has heard nothing yet: a worker acknowledges before it writes a byte. Its exit
        // status is logged when it is reaped (OnWorkerExit).
        record.Worker = null;
        _log.Debug("Worker {WorkerPid} ended before taking {Client}; trying another", worker.Pid, record.Client.ToString());
        return false;
    }

    /// <summary>A session that never reached a worker: the client gets the reason as a 421, unless it has left already.</summary>
    private void EndUnstarted(Socket client, SessionRecord record, int failedHandOffs)
    {
        switch (record.PendingTermination)
        {
            case KickMessage:
                Refuse(client, ProxyReplies.Kicked);
                break;
            case not null:
                Refuse(client, ProxyReplies.ShuttingDown);
                break;
            case null when HasLeft(client):
                _log.Debug("Client {Client} left before a worker was free", record.Client.ToString());
                break;
            default:
                _log.Error("No worker available for {Client} ({Failed} ended before taking it)", record.Client.ToString(), failedHandOffs);
                Refuse(client, FtpReply.Create(ReplyCodes.ServiceNotAvailable, "The proxy cannot start a session right now."));
                break;
        }

        _registry.Remove(record.Id);
    }

    /// <summary>
    /// Whether the client has closed or reset its connection. Looks without receiving: readable with
    /// nothing to read means end of stream (a client that sent a command first is still there).
    /// </summary>
    private static bool HasLeft(Socket client)
    {
        try
        {
            return client.Poll(0, SelectMode.SelectRead) && client.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
