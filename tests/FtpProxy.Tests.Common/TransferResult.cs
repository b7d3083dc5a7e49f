namespace FtpProxy.Tests.Common;

/// <summary>What a client saw of one transfer: the 1xx, the bytes, the completion reply.</summary>
public sealed record TransferResult(FtpTestReply Preliminary, byte[] Data, FtpTestReply Completion);
