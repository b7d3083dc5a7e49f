namespace FtpProxy.Tests.Common;

/// <summary>How a test client asks for a data connection.</summary>
public enum DataMode
{
    Port,
    Eprt,
    Pasv,
    Epsv,
}
