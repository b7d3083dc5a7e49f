using System.Buffers.Binary;
using FtpProxy.Handoff;

namespace FtpProxy.Admin;

/// <summary>What is at the admin socket's path before the daemon binds it: only our own stale socket may be replaced.</summary>
internal static unsafe class AdminSocketFile
{
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28;
    private const int StatxInodeOffset = 32;
    private const int StatxChangeSecondsOffset = 96;
    private const int StatxChangeNanosecondsOffset = 104;
    private const int StatxDeviceMajorOffset = 136;
    private const int StatxDeviceMinorOffset = 140;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int SocketType = 0xC000; // S_IFSOCK

    public enum Kind
    {
        Missing,
        OwnSocket,
        ForeignSocket,
        NotASocket,
    }

    /// <summary>
    /// Which file a path names: device and inode, as find -samefile tells files apart, and the inode's
    /// change time, because a file system hands a deleted file's inode number to the next new file at
    /// once (ext4 does). A chmod changes that time too: a file told apart by mistake is only left in place.
    /// </summary>
    public readonly record struct Identity(uint DeviceMajor, uint DeviceMinor, ulong Inode, long ChangeSeconds, uint ChangeNanoseconds);

    /// <summary>The identity of the file at <paramref name="path"/> (a symbolic link is not followed); null if there is none.</summary>
    public static Identity? Identify(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (NativeMethods.Statx(NativeMethods.AtFdCwd, path, NativeMethods.AtSymlinkNoFollow, NativeMethods.StatxInode | NativeMethods.StatxChangeTime, buffer) != 0)
        {
            return null;
        }

        var statx = new ReadOnlySpan<byte>(buffer, StatxSize);
        return new Identity(
            BinaryPrimitives.ReadUInt32LittleEndian(statx[StatxDeviceMajorOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(statx[StatxDeviceMinorOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(statx[StatxInodeOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(statx[StatxChangeSecondsOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(statx[StatxChangeNanosecondsOffset..]));
    }

    /// <summary>The kind of file at <paramref name="path"/> (a symbolic link is not followed) and its owner.</summary>
    public static Kind Inspect(string path, out uint owner)
    {
        owner = 0;
        var buffer = stackalloc byte[StatxSize];
        if (NativeMethods.Statx(NativeMethods.AtFdCwd, path, NativeMethods.AtSymlinkNoFollow, NativeMethods.StatxType | NativeMethods.StatxUid, buffer) != 0)
        {
            // ENOENT mostly; anything else (EACCES on the directory) surfaces when we bind.
            return Kind.Missing;
        }

        var statx = new ReadOnlySpan<byte>(buffer, StatxSize);
        owner = BinaryPrimitives.ReadUInt32LittleEndian(statx[StatxUidOffset..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[StatxModeOffset..]);
        if ((mode & FileTypeMask) != SocketType)
        {
            return Kind.NotASocket;
        }

        // SECURITY: only a socket file of our own user counts as ours (the default path may be in the shared /tmp).
        return owner == NativeMethods.GetEffectiveUserId() ? Kind.OwnSocket : Kind.ForeignSocket;
    }
}
