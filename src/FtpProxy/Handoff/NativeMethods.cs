using System.Runtime.InteropServices;

namespace FtpProxy.Handoff;

/// <summary>The few libc calls .NET does not wrap (or wraps only by throwing): socketpair, sendmsg/recvmsg with SCM_RIGHTS, fcntl, a plain write, poll over several sockets, a non-blocking connect from a chosen address, a shutdown that reports ENOTCONN, statx, signal, malloc_trim.</summary>
internal static unsafe partial class NativeMethods
{
    public const int AfUnix = 1;
    public const int SockSeqPacket = 5;
    public const int SockCloExec = 0x80000;
    public const int SolSocket = 1;
    public const int ScmRights = 1;
    public const int MsgCtrunc = 0x08;
    public const int MsgTrunc = 0x20;
    public const int MsgNoSignal = 0x4000;
    public const int MsgCmsgCloExec = 0x40000000;
    public const int FGetFd = 1;
    public const int FSetFd = 2;
    public const int FdCloExec = 1;
    public const int EIntr = 4;
    public const int EAfNoSupport = 97;
    public const int EInProgress = 115;
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int IpProtoTcp = 6;
    public const int SoError = 4;
    public const int ShutWr = 1;
    public const int IpProtoIp = 0;
    public const int IpBindAddressNoPort = 24;
    public const int EPipe = 32;
    public const int EConnReset = 104;

    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;
    private const nint SigDfl = 0;
    private const nint SigIgn = 1;

    /// <summary>Sets a signal's disposition to "ignored" (inherited by nothing: workers exec nothing).</summary>
    public static void IgnoreSignal(int signal) => _ = SetSignalHandler(signal, SigIgn);

    /// <summary>Sets a signal's disposition back to the default (for SIGTERM: the process ends).</summary>
    public static void DefaultSignal(int signal) => _ = SetSignalHandler(signal, SigDfl);

    /// <summary>Gives the kernel back the pages of freed malloc memory (glibc); false when there was nothing to give.</summary>
    public static bool ReleaseFreedHeapMemory() => MallocTrim(0) != 0;

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetSignalHandler(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    public static partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, uint valueLength);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, uint* valueLength);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxType = 0x1;
    public const uint StatxUid = 0x8;
    public const uint StatxChangeTime = 0x80;
    public const uint StatxInode = 0x100;

    /// <summary>statx(2): unlike struct stat, struct statx has the same layout on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr on 64-bit Linux; sequential layout inserts the same padding as C.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr followed by one int (the descriptor); CMSG_SPACE(sizeof(int)) is 24 bytes on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FdControlMessage
    {
        public nuint Length;
        public int Level;
        public int Type;
        public int Fd;
        public int Padding;
    }
}
