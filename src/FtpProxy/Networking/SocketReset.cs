using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>Closing a data connection whose file did not arrive whole.</summary>
internal static class SocketReset
{
    /// <summary>
    /// Closes with SO_LINGER 0, so the peer sees a reset, not an end of file: in stream mode an end
    /// of file says "the file is complete", and a cut-off file must not look like a whole one.
    /// </summary>
    public static void Reset(this Socket socket) => socket.Close(timeout: 0);
}
