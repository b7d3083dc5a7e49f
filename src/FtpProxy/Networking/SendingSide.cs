using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Networking;

/// <summary>Ending the sending side of a data connection, so its reader sees end of file.</summary>
internal static class SendingSide
{
    /// <summary>
    /// shutdown(SHUT_WR); false when the peer has reset the connection. Not <see cref="Socket.Shutdown"/>:
    /// .NET reports success for ENOTCONN on a socket it has seen connected, and ENOTCONN is exactly
    /// how a reset shows here (the connection is closed), so a cut-off file would pass as a whole one.
    /// </summary>
    public static bool TryEnd(Socket socket) =>
        NativeMethods.Shutdown((int)socket.SafeHandle.DangerousGetHandle(), NativeMethods.ShutWr) == 0;
}
