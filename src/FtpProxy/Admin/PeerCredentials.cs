using System.Buffers.Binary;
using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Admin;

/// <summary>Who is at the other end of a Unix socket, as the kernel says (SO_PEERCRED), not as the peer claims.</summary>
internal static class PeerCredentials
{
    private const int PeerCredentialsOption = 17; // SO_PEERCRED
    private const int UcredSize = 12; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }

    /// <summary>True when the peer runs as our own user or as root; <paramref name="uid"/> is the peer's (uint.MaxValue if unknown).</summary>
    public static bool IsOwnUserOrRoot(Socket connection, out uint uid)
    {
        Span<byte> credentials = stackalloc byte[UcredSize];
        uid = uint.MaxValue;
        if (connection.GetRawSocketOption(NativeMethods.SolSocket, PeerCredentialsOption, credentials) < UcredSize)
        {
            return false;
        }

        uid = BinaryPrimitives.ReadUInt32LittleEndian(credentials[4..]);
        // SECURITY: the kernel's word for who is at the other end, not anything the peer says.
        return uid == 0 || uid == NativeMethods.GetEffectiveUserId();
    }
}
