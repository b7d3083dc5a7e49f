namespace FtpProxy.Protocol.Translation;

/// <summary>How the proxy opens data connections toward the server, whatever the client chose.</summary>
public enum UpstreamDataMode
{
    /// <summary>EPSV, then PASV after a 5xx (remembered): the proxy connects to the server.</summary>
    Passive,

    /// <summary>EPRT, then PORT after a 5xx: the server connects to the proxy.</summary>
    Active,
}
