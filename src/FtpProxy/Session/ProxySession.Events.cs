using System.Net.Sockets;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Session;

/// <summary>Where the session's events come from: what is already read, in priority order, and else a wait in poll(2).</summary>
internal sealed partial class ProxySession
{
    private readonly ReplyAssembler _replies = new();
    private bool _upstreamEndReported;
    private bool _clientEndReported;
    private int _clientSlot;
    private int _upstreamSlot;
    private int _terminationSlot;
    private bool _terminationSourceGone;

    /// <summary>
    /// The next event that needs no waiting: results of I/O and requests first, then the server's
    /// replies, then the client's commands, and those only while the translator can take more.
    /// </summary>
    private bool TryTakeEvent(out SessionEvent next)
    {
        if (_events.TryDequeue(out next!) || TryTakeUpstreamEvent(out next) || TryTakeClientEvent(out next))
        {
            return true;
        }

        next = null!;
        return false;
    }

    private bool TryTakeUpstreamEvent(out SessionEvent next)
    {
        var upstream = _upstreamControl!;
        if (!_translator!.CanAcceptUpstreamReply)
        {
            // SECURITY: bounded memory. A 226 is held for its data; nothing more is read from the server until it goes out.
            next = null!;
            return false;
        }

        while (upstream.TryNextLine(out var status, out var line))
        {
            // A line over the cap, or a reply over its bound, ends the session (bounded memory).
            FtpReply? reply = null;
            var assembled = status == FrameStatus.Line ? _replies.Add(line, out reply) : ReplyStatus.TooLarge;
            if (assembled == ReplyStatus.TooLarge)
            {
                upstream.StopReading();
                _upstreamEndReported = true;
                next = new UpstreamReplyTooLarge();
                return true;
            }

            if (assembled == ReplyStatus.Complete)
            {
                next = new UpstreamReplyArrived(reply!);
                return true;
            }

            if (assembled == ReplyStatus.NotAReply)
            {
                _log.Debug("Server line outside any reply, ignored: {Line}", LineEncoder.ToDisplay(line));
            }
        }

        next = null!;
        if (upstream.HasEnded && !_upstreamEndReported)
        {
            _upstreamEndReported = true;
            next = new UpstreamClosed();
            return true;
        }

        return false;
    }

    private bool TryTakeClientEvent(out SessionEvent next)
    {
        next = null!;
        if (!_translator!.CanAcceptClientInput)
        {
            return false;
        }

        if (_clientControl!.TryNextLine(out var status, out var line))
        {
            next = new ClientLineArrived(status, line);
            return true;
        }

        if (_clientControl.HasEnded && !_clientEndReported)
        {
            _clientEndReported = true;
            next = new ClientClosed();
            return true;
        }

        return false;
    }

    /// <summary>Waits for a socket or the nearest deadline, then reads and moves on whatever became ready.</summary>
    private void WaitForInput()
    {
        var poller = _poller;
        poller.Clear();
        _upstreamSlot = _translator!.CanAcceptUpstreamReply && _upstreamControl!.WantsInput ? poller.WatchReadable(_upstreamControl.Socket) : -1;
        _clientSlot = _translator.CanAcceptClientInput && _clientControl!.WantsInput ? poller.WatchReadable(_clientControl.Socket) : -1;
        _terminationSlot = TerminationSocket is { } termination ? poller.WatchReadable(termination) : -1;
        _data!.Watch(poller);

        // A running transfer has its own deadlines (data setup, then the relay's idle time); the control
        // connection's applies at every other moment, a transfer command the server never answers or a
        // 226 that never comes included: a hung server must not hang the session.
        var idleDeadline = _data.IsTransferRunning ? long.MaxValue : _lastActivity + (long)_settings.IdleTimeout.TotalMilliseconds;
        var progressDeadline = _data.IsTransferRunning ? _progress.DueAt : long.MaxValue;
        poller.Wait(Math.Min(Math.Min(idleDeadline, _data.Deadline), progressDeadline));

        if (poller.IsReady(_upstreamSlot))
        {
            _upstreamControl!.ReadAvailable();
        }

        if (poller.IsReady(_clientSlot))
        {
            _clientControl!.ReadAvailable();
        }

        if (poller.IsReady(_terminationSlot))
        {
            ReadTerminationRequest();
        }

        _data.Advance(poller);
        if (_data.IsTransferRunning)
        {
            _progress.ReportIfDue(_data.TransferBytesSoFar, _observer);
        }

        if (Environment.TickCount64 >= idleDeadline)
        {
            Touch();
            _events.Enqueue(new IdleTimerFired());
        }
    }

    private void ReadTerminationRequest()
    {
        if (TakeTerminationRequest() is { } request)
        {
            _events.Enqueue(request);
        }
    }

    /// <summary>The daemon's request to end the session, if it sent one; null for none (or the daemon gone).</summary>
    private TerminationRequested? TakeTerminationRequest()
    {
        if (!_terminations!.TryRead(out var request))
        {
            _terminationSourceGone = true;
            _log.Information("Daemon gone; the session carries on to its end");
        }

        return request;
    }

    /// <summary>The daemon's channel while there is one to listen to.</summary>
    private Socket? TerminationSocket => _terminations is not null && !_terminationSourceGone ? _terminations.Socket : null;

    Socket? IWriteInterruption.Socket => TerminationSocket;

    /// <summary>A kick or shutdown while a write waits for room: the request is queued, and every write from now on waits a few seconds at most.</summary>
    TimeSpan? IWriteInterruption.OnReadable()
    {
        if (TakeTerminationRequest() is not { } request)
        {
            return null;
        }

        _log.Information(
            "Terminating session: {Reason} (a write waits for a peer that does not read; {Seconds:F0} s more at most)",
            request.Reason,
            FinalWriteTimeout.TotalSeconds);
        _events.Enqueue(request);
        LimitFinalWrites();
        return FinalWriteTimeout;
    }
}
