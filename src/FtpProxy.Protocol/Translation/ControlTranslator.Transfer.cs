using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>
/// Transfers: the 1xx starts the bridge; the completion reply (226, 4xx, 5xx) reaches the client
/// only once the bridge has finished and the client's data socket is closed, otherwise a client
/// can read 226 and then a short file. Replies that follow a held completion wait behind it.
/// </summary>
public sealed partial class ControlTranslator
{
    private readonly Queue<FtpReply> _repliesBehindHeldCompletion = new();
    private TransferState? _transfer;
    private bool _upstreamClosedBehindHeldCompletion;
    private string? _serverGoneReason;

    /// <summary>The host's data bridge ended (or could not start).</summary>
    public IReadOnlyList<ProxyAction> OnTransferFinished(TransferOutcome outcome) => Collect(() =>
    {
        if (_transfer is not { Started: true, Outcome: null } transfer)
        {
            return;
        }

        transfer.Outcome = outcome;
        if (transfer.HeldReply is { } held)
        {
            CompleteTransfer(held, outcome);
        }
    });

    private bool IsHoldingCompletion => _transfer is { HeldReply: not null };

    private void ServeTransfer(FtpCommand command, TransferDirection direction)
    {
        if (_clientRequest is null || !_upstreamDataReady)
        {
            ReplyToClient(ProxyReplies.NoDataConnection);
            return;
        }

        _transfer = new TransferState(command, direction, _clientRequest.ActiveTarget);
        SendUpstream(command.ToWireLine(), ExchangeKind.Transfer, command);
    }

    private void HandleTransferReply(FtpReply reply)
    {
        var transfer = _transfer!;
        if (reply.IsPreliminary && transfer is { Started: true, AbortRequested: false, Outcome: { } ended } && ended != TransferOutcome.Completed)
        {
            // pure-ftpd's last word on a transfer whose data connection broke is a line coded 150
            // ("150 2.012 seconds (measured here), ..."), and no completion follows it. A 1xx leaves
            // its exchange awaiting more; this one ends it.
            _awaitingReplies.Dequeue();
            CompleteTransfer(reply, ended);
            return;
        }

        if (reply.IsPreliminary)
        {
            ReplyToClient(reply);
            if (!transfer.Started && !transfer.AbortRequested)
            {
                transfer.Started = true;
                Emit(new StartTransfer(transfer.Command, transfer.Direction, transfer.ActiveTarget));
            }

            return;
        }

        if (!transfer.Started)
        {
            // Refused before any data moved (550 and the like): nothing to wait for. The data set-up
            // stays for the next transfer command, as vsftpd and pyftpdlib keep theirs (a
            // server that drops its side says so itself then). After an ABOR the client wants none of it.
            ReplyToClient(reply);
            if (transfer.AbortRequested)
            {
                Emit(new ReleaseDataChannels());
                FinishTransfer();
            }
            else
            {
                _transfer = null;
            }

            return;
        }

        if (transfer.Outcome is { } outcome)
        {
            CompleteTransfer(reply, outcome);
            return;
        }

        transfer.HeldReply = reply;
    }

    /// <summary>
    /// The server is leaving (its control connection closed, or a 421) while a transfer runs: what it
    /// sent on the data connection still reaches the client, as it would without a proxy. The
    /// goodbye is held like a completion reply, and the session ends once it is out. False when no
    /// transfer is running (or an ABOR or a completion is already under way): nothing to wait for.
    /// </summary>
    private bool TryHoldGoodbyeBehindTheData(FtpReply goodbye, string reason)
    {
        if (_transfer is not { Started: true, Outcome: null, AbortRequested: false, HeldReply: null } transfer)
        {
            return false;
        }

        transfer.HeldReply = goodbye;
        _serverGoneReason = reason;
        return true;
    }

    /// <summary>The client's first ABOR during a transfer (a repeated one waits in the queue).</summary>
    private void AbortRunningTransfer()
    {
        var transfer = _transfer!;
        transfer.AbortRequested = true;
        Emit(transfer.Started && transfer.Outcome is null ? new AbortTransfer() : new ReleaseDataChannels());

        // Urgent while the server may be busy sending or receiving; plain once its completion has
        // come: pure-ftpd, idle, ignores the urgent form and never answers, and answers a plain one.
        Emit(transfer.HeldReply is null ? new SendUpstreamAbort() : new SendUpstream(FtpVerbs.Abor));
        _awaitingReplies.Enqueue(new Exchange(ExchangeKind.Abort, null));
    }

    private void CompleteTransfer(FtpReply serverReply, TransferOutcome outcome)
    {
        ReplyToClient(ChooseCompletionReply(serverReply, outcome));
        FinishTransfer();
        if (_serverGoneReason is { } reason)
        {
            Close(reason);
            return;
        }

        while (!_closed && !IsHoldingCompletion && _repliesBehindHeldCompletion.TryDequeue(out var next))
        {
            HandleUpstreamReply(next);
        }

        if (_upstreamClosedBehindHeldCompletion && !_closed && !IsHoldingCompletion && _repliesBehindHeldCompletion.Count == 0)
        {
            _upstreamClosedBehindHeldCompletion = false;
            HandleUpstreamClosed();
        }

        ServeWaitingCommands();
    }

    private void FinishTransfer()
    {
        _transfer = null;
        ResetDataSlot();
    }

    /// <summary>The server's word stands unless the bridge failed while the server thought all was well.</summary>
    private static FtpReply ChooseCompletionReply(FtpReply serverReply, TransferOutcome outcome) => outcome switch
    {
        TransferOutcome.Completed or TransferOutcome.Aborted => serverReply,
        _ when serverReply.Code >= 400 => serverReply,
        TransferOutcome.ClientUnreachable => ProxyReplies.ClientDataUnreachable,
        TransferOutcome.UpstreamUnreachable => ProxyReplies.UpstreamDataUnreachable,
        TransferOutcome.TimedOut => ProxyReplies.TransferTimedOut,
        _ => ProxyReplies.TransferBroken,
    };

    private sealed class TransferState(FtpCommand command, TransferDirection direction, System.Net.IPEndPoint? activeTarget)
    {
        public FtpCommand Command { get; } = command;

        public TransferDirection Direction { get; } = direction;

        public System.Net.IPEndPoint? ActiveTarget { get; } = activeTarget;

        public bool Started { get; set; }

        public bool AbortRequested { get; set; }

        public TransferOutcome? Outcome { get; set; }

        public FtpReply? HeldReply { get; set; }
    }
}
