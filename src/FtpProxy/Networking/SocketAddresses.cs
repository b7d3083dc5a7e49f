using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>Both ends of a connected socket, or nothing when the peer is already gone.</summary>
internal static class SocketAddresses
{
    /// <summary>
    /// False when getpeername(2) or getsockname(2) fails: a connection reset before anyone looked
    /// at it has no peer any more (ENOTCONN), and that is a peer's doing, not a bug.
    /// </summary>
    public static bool TryRead(Socket socket, out IPEndPoint local, out IPEndPoint remote)
    {
        local = remote = null!;
        try
        {
            if (socket.RemoteEndPoint is IPEndPoint peer && socket.LocalEndPoint is IPEndPoint self)
            {
                (local, remote) = (self, peer);
                return true;
            }
        }
        catch (SocketException)
        {
            // Reset between the connect and this call.
        }

        return false;
    }
}
