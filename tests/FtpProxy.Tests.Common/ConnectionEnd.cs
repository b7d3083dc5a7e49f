namespace FtpProxy.Tests.Common;

/// <summary>How a connection ended, as its reader saw it.</summary>
public enum ConnectionEnd
{
    EndOfFile,
    Reset,
    StillOpen,
}
