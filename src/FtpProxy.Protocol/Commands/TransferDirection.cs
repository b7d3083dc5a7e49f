namespace FtpProxy.Protocol.Commands;

/// <summary>Which way a transfer's bytes travel.</summary>
public enum TransferDirection
{
    /// <summary>Server to client: RETR, LIST, NLST, MLSD.</summary>
    Download,

    /// <summary>Client to server: STOR, STOU, APPE.</summary>
    Upload,
}
