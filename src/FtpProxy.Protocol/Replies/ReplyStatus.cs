namespace FtpProxy.Protocol.Replies;

/// <summary>What one line did to the reply being assembled.</summary>
public enum ReplyStatus
{
    /// <summary>The line belongs to a multi-line reply that has not ended.</summary>
    NeedMoreLines,

    /// <summary>A whole reply is complete.</summary>
    Complete,

    /// <summary>Outside a reply, a line that does not start with a three-digit code. It was ignored.</summary>
    NotAReply,

    /// <summary>A multi-line reply grew past <see cref="FtpLimits.MaxReplyBytes"/>.</summary>
    TooLarge,
}
