namespace FtpProxy.Protocol.Framing;

/// <summary>What one call to <see cref="LineFramer.Read"/> produced.</summary>
public enum FrameStatus
{
    /// <summary>All input was consumed and no line is complete yet.</summary>
    NeedMoreData,

    /// <summary>A complete line is available.</summary>
    Line,

    /// <summary>A line ended that was longer than the cap; its bytes were discarded.</summary>
    LineTooLong,

    /// <summary>A line ended that contained a NUL byte (only when NUL is rejected).</summary>
    LineContainsNul,
}
