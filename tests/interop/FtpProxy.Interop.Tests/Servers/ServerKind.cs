namespace FtpProxy.Interop.Tests.Servers;

/// <summary>The real FTP servers of the matrix (RECIPES.md §2).</summary>
public enum ServerKind
{
    Pyftpdlib,
    Vsftpd,
    Proftpd,
    PureFtpd,
}
