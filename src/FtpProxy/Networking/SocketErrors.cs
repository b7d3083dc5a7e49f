using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>Socket failures classified in one place (Kestrel's IsConnectionResetError): a peer going away is normal.</summary>
internal static class SocketErrors
{
    public static bool IsPeerGone(SocketError error) => error is
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
        or SocketError.OperationAborted or SocketError.Interrupted or SocketError.NotConnected
        or SocketError.Disconnecting;
}
