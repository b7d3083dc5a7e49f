using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Session;

/// <summary>Everything that can wake a session's loop. The loop is the only place that touches session state.</summary>
internal abstract record SessionEvent;

internal sealed record ClientLineArrived(FrameStatus Status, string Line) : SessionEvent;

internal sealed record ClientClosed : SessionEvent;

internal sealed record UpstreamReplyArrived(FtpReply Reply) : SessionEvent;

internal sealed record UpstreamReplyTooLarge : SessionEvent;

internal sealed record UpstreamClosed : SessionEvent;

/// <summary>A connect to the server's data port finished; <paramref name="Generation"/> tells a result overtaken by a release.</summary>
internal sealed record UpstreamDataConnected(int Generation, bool Succeeded) : SessionEvent;

internal sealed record TransferFinished(TransferReport Report) : SessionEvent;

internal sealed record IdleTimerFired : SessionEvent;

internal sealed record TerminationRequested(FtpReply Reply, string Reason) : SessionEvent;

/// <summary>What a finished transfer did, for the log and the parent's registry.</summary>
internal sealed record TransferReport(string Verb, string Path, TransferOutcome Outcome, long Bytes, TimeSpan Duration);
