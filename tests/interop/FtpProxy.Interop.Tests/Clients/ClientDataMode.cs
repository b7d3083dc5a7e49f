namespace FtpProxy.Interop.Tests.Clients;

/// <summary>Which data-connection mode the client is told to use towards the proxy.</summary>
public enum ClientDataMode
{
    /// <summary>The client listens and sends PORT or EPRT.</summary>
    Active,

    /// <summary>The client connects and sends PASV or EPSV.</summary>
    Passive,
}
