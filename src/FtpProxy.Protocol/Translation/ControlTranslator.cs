using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>
/// The session's protocol brain, without I/O (sans-I/O): it is told what arrived and answers with
/// the actions to take. Client commands are served one at a time, in order; while one is in
/// flight the next ones wait here (bounded), except ABOR, which must reach a running transfer.
/// Replies are matched to what was sent in FIFO order, so several replies to one command
/// (150 then 226, 426 then 226) land where they belong.
/// </summary>
public sealed partial class ControlTranslator
{
    private readonly TranslatorSettings _settings;
    private readonly Queue<Exchange> _awaitingReplies = new();
    private readonly Queue<ClientInput> _waitingCommands = new();
    private List<ProxyAction> _actions = [];
    private string _userName = string.Empty;
    private bool _closed;
    private string? _clientGoneReason;

    public ControlTranslator(TranslatorSettings settings)
    {
        _settings = settings;
        // The first reply of a session is the server's greeting (120 may come before the 220).
        _awaitingReplies.Enqueue(new Exchange(ExchangeKind.Greeting, null));
    }

    private enum ExchangeKind
    {
        Greeting,
        Relay,
        Login,
        PassiveSetup,
        ActiveSetup,
        Transfer,
        Abort,
        Quit,
        Feat,
    }

    /// <summary>False once the bounded queue of pipelined commands is full: the host should stop reading the client.</summary>
    public bool CanAcceptClientInput => !_closed && _waitingCommands.Count < FtpLimits.MaxQueuedCommands;

    /// <summary>
    /// False while a transfer's completion reply is held back for its data: a host stops reading the
    /// server then, so whatever the server says meanwhile waits in TCP's buffers (backpressure)
    /// instead of piling up here. A server that answers no more than it is asked is never held up.
    /// </summary>
    public bool CanAcceptUpstreamReply => !IsHoldingCompletion;

    /// <summary>True while nothing is in flight: an idle timeout may apply.</summary>
    public bool IsIdle => !IsBusy && _waitingCommands.Count == 0;

    /// <summary>True while a transfer is set up or running: the data bridge has its own timeout.</summary>
    public bool IsTransferring => _transfer is not null;

    public bool IsClosed => _closed;

    private bool IsBusy => _awaitingReplies.Count > 0 || _awaitingIo != PendingIo.None || _transfer is not null;

    /// <summary>A complete line arrived from the client.</summary>
    public IReadOnlyList<ProxyAction> OnClientLine(string line)
    {
        // SECURITY: servers that end a command at CR (FileZilla Server 0.9) would run a second,
        // smuggled command ("NOOP x\rPORT 10,0,0,1,0,21"): a bare CR is never forwarded.
        if (line.Contains('\r', StringComparison.Ordinal))
        {
            return Accept(new ClientInput(null, ProxyReplies.LineContainsBareCr));
        }

        if (!FtpCommand.TryParse(line, out var command))
        {
            return Accept(new ClientInput(null, ProxyReplies.UnparsableCommand));
        }

        if (command.Verb == FtpVerbs.Abor && _transfer is { AbortRequested: false })
        {
            // ABOR overtakes the queue: it exists to interrupt what is in flight (with no server
            // left to ask, or one that said it is leaving, the proxy ends the transfer and the session itself).
            // One is enough: a repeated ABOR waits in the queue like any command, within its limit.
            return Collect(() =>
            {
                if (_serverGoneReason is { } reason)
                {
                    ReplyToClient(_transfer.HeldReply!);
                    Close(reason);
                }
                else
                {
                    AbortRunningTransfer();
                }
            });
        }

        return Accept(new ClientInput(command, null));
    }

    /// <summary>The framer rejected a client line (too long, NUL byte): it still gets its reply in order.</summary>
    public IReadOnlyList<ProxyAction> OnClientLineRejected(FrameStatus status) =>
        Accept(new ClientInput(null, status == FrameStatus.LineTooLong ? ProxyReplies.LineTooLong : ProxyReplies.LineContainsNul));

    /// <summary>A whole reply arrived from the server.</summary>
    public IReadOnlyList<ProxyAction> OnUpstreamReply(FtpReply reply) => Collect(() =>
    {
        if (IsHoldingCompletion)
        {
            // Whatever the server says next (226 to an ABOR, say) must not overtake the held completion.
            _repliesBehindHeldCompletion.Enqueue(reply);
            return;
        }

        HandleUpstreamReply(reply);
    });

    /// <summary>The server closed the control connection.</summary>
    public IReadOnlyList<ProxyAction> OnUpstreamClosed() => Collect(() =>
    {
        if (IsHoldingCompletion)
        {
            _upstreamClosedBehindHeldCompletion = true;
            return;
        }

        if (!TryHoldGoodbyeBehindTheData(ProxyReplies.UpstreamClosed, "server closed the control connection"))
        {
            HandleUpstreamClosed();
        }
    });

    private List<ProxyAction> Accept(ClientInput input) => Collect(() =>
    {
        _waitingCommands.Enqueue(input);
        ServeWaitingCommands();
    });

    /// <summary>Runs a handler and hands back what it emitted.</summary>
    private List<ProxyAction> Collect(Action handler)
    {
        if (_closed)
        {
            return [];
        }

        handler();
        var emitted = _actions;
        _actions = [];
        return emitted;
    }

    private void Emit(ProxyAction action) => _actions.Add(action);

    private void ReplyToClient(FtpReply reply) => Emit(new ReplyToClient(reply));

    private void SendUpstream(string line, ExchangeKind kind, FtpCommand? command)
    {
        Emit(new SendUpstream(line));
        _awaitingReplies.Enqueue(new Exchange(kind, command));
    }

    /// <summary>Serves queued commands in order until one has to wait for the server or for I/O.</summary>
    private void ServeWaitingCommands()
    {
        while (!_closed && !IsBusy && _waitingCommands.TryDequeue(out var input))
        {
            if (input.Rejection is not null)
            {
                ReplyToClient(input.Rejection);
                continue;
            }

            Serve(input.Command!);
        }

        EndIfClientGoneAndIdle();
    }

    private void HandleUpstreamReply(FtpReply reply)
    {
        if (reply.Code == ReplyCodes.ServiceNotAvailable)
        {
            // 421, asked for or not (FEAT, a transfer, our own EPSV), means the server is closing.
            if (!TryHoldGoodbyeBehindTheData(reply, "server sent 421"))
            {
                ReplyToClient(reply);
                Close("server sent 421");
            }

            return;
        }

        if (!_awaitingReplies.TryPeek(out var exchange))
        {
            // Unasked and not a 421: the client sees it anyway.
            ReplyToClient(reply);
            return;
        }

        if (!reply.IsPreliminary)
        {
            _awaitingReplies.Dequeue();
        }

        switch (exchange.Kind)
        {
            case ExchangeKind.PassiveSetup:
                HandlePassiveSetupReply(reply);
                break;
            case ExchangeKind.ActiveSetup:
                HandleActiveSetupReply(reply);
                break;
            case ExchangeKind.Transfer:
                HandleTransferReply(reply);
                break;
            case ExchangeKind.Feat:
                ReplyToClient(reply.IsPreliminary ? reply : FeatFilter.Rewrite(reply));
                break;
            default:
                ReplyToClient(reply);
                if (exchange.Kind == ExchangeKind.Login && reply.Code == ReplyCodes.LoggedIn)
                {
                    Emit(new UserLoggedIn(_userName));
                }

                var refusedGreeting = exchange.Kind == ExchangeKind.Greeting && !reply.IsPreliminary && !reply.IsPositiveCompletion;
                if (exchange.Kind == ExchangeKind.Quit && !reply.IsPreliminary)
                {
                    Close("client quit");
                    return;
                }

                if (refusedGreeting)
                {
                    Close($"server replied {reply.Code}");
                    return;
                }

                break;
        }

        ServeWaitingCommands();
    }

    private sealed record Exchange(ExchangeKind Kind, FtpCommand? Command);

    private sealed record ClientInput(FtpCommand? Command, FtpReply? Rejection);
}
