using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>The ways a session ends: the client leaves, the server leaves, or the host ends it.</summary>
public sealed partial class ControlTranslator
{
    /// <summary>
    /// The client closed its control connection, or it can no longer be written to. What it asked
    /// for before is still carried out, as a server would (an upload in flight, pipelined commands,
    /// a queued QUIT); the session ends once nothing is in flight.
    /// </summary>
    public IReadOnlyList<ProxyAction> OnClientGone(string reason) => Collect(() =>
    {
        _clientGoneReason ??= reason;
        EndIfClientGoneAndIdle();
    });

    /// <summary>The session must end now (idle timeout, administrator, shutdown): the client gets <paramref name="reply"/>.</summary>
    public IReadOnlyList<ProxyAction> OnTerminate(FtpReply reply, string reason) => Collect(() =>
    {
        ReplyToClient(reply);
        Close(reason);
    });

    private void HandleUpstreamClosed()
    {
        var quitting = _awaitingReplies.TryPeek(out var head) && head.Kind == ExchangeKind.Quit;
        if (!quitting)
        {
            ReplyToClient(ProxyReplies.UpstreamClosed);
        }

        Close("server closed the control connection");
    }

    private void Close(string reason)
    {
        if (_transfer is { Started: true, Outcome: null })
        {
            Emit(new AbortTransfer());
        }

        Emit(new ReleaseDataChannels());
        Emit(new CloseSession(reason));
        _closed = true;
    }

    private void EndIfClientGoneAndIdle()
    {
        if (_clientGoneReason is { } reason && !_closed && IsIdle)
        {
            // Be polite to the server: the client (wget does this) left without QUIT.
            Emit(new SendUpstream(FtpVerbs.Quit));
            Close(reason);
        }
    }
}
