namespace FtpProxy.Interop.Tests.Clients;

/// <summary>The real FTP clients of the matrix (RECIPES.md §3).</summary>
public enum ClientKind
{
    FtpSsl,
    Tnftp,
    Lftp,
    Curl,
    Wget,
}
