namespace FtpProxy.Protocol.Translation;

/// <summary>How a data bridge ended, as the host saw it.</summary>
public enum TransferOutcome
{
    /// <summary>Every byte was relayed and both sides were closed in order.</summary>
    Completed,

    /// <summary>The client's data connection could not be opened (connect refused, nothing accepted in time).</summary>
    ClientUnreachable,

    /// <summary>The server's data connection could not be opened.</summary>
    UpstreamUnreachable,

    /// <summary>The connection failed after bytes started to flow.</summary>
    Broken,

    /// <summary>Nothing moved for longer than the idle timeout.</summary>
    TimedOut,

    /// <summary>The client asked for ABOR, or the session is closing.</summary>
    Aborted,
}
