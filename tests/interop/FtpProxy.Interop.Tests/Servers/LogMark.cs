namespace FtpProxy.Interop.Tests.Servers;

/// <summary>A position in a server's command log: what was logged after it belongs to the next test cell.</summary>
internal readonly record struct LogMark(long Offset)
{
    public static readonly LogMark Start = new(0);
}
