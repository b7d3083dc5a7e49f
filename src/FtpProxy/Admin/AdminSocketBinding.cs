using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using FtpProxy.Handoff;

namespace FtpProxy.Admin;

/// <summary>
/// Binds the admin socket with bind(2) itself. A socket .NET bound to a path deletes the file at
/// that path when it is disposed, whoever's file it is by then: a daemon stopping after its socket
/// file was removed and bound again by another daemon would delete the other's. Bound here, the
/// descriptor is wrapped as a <see cref="Socket"/> afterwards, and the file is the daemon's to
/// delete (<see cref="AdminServer"/> checks first that it is still the one it bound).
/// </summary>
internal static unsafe class AdminSocketBinding
{
    /// <summary>sizeof(struct sockaddr_un): a 2-byte family, then 108 bytes of path.</summary>
    private const int SockAddrUnSize = 110;
    private const int PathOffset = 2;

    /// <summary>A bound Unix stream socket at <paramref name="path"/> (at most <see cref="AdminSocketPath.MaxPathBytes"/> bytes), not yet listening; null and the system's words for why not.</summary>
    public static Socket? TryBind(string path, out string error)
    {
        var fd = NativeMethods.Socket(NativeMethods.AfUnix, NativeMethods.SockStream | NativeMethods.SockCloExec, 0);
        if (fd < 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }

        var address = stackalloc byte[SockAddrUnSize];
        new Span<byte>(address, SockAddrUnSize).Clear();
        *(ushort*)address = NativeMethods.AfUnix;
        var pathLength = Encoding.UTF8.GetBytes(path, new Span<byte>(address + PathOffset, AdminSocketPath.MaxPathBytes));
        if (NativeMethods.Bind(fd, address, (uint)(PathOffset + pathLength + 1)) != 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            NativeMethods.Close(fd);
            return null;
        }

        error = string.Empty;
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }
}
