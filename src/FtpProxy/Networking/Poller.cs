using System.Net.Sockets;
using System.Runtime.InteropServices;
using FtpProxy.Handoff;

namespace FtpProxy.Networking;

/// <summary>
/// poll(2) over the handful of sockets a session has, rebuilt for every wait (as OpenBSD ftp-proxy
/// and vsftpd do): a session's one thread waits here for whichever socket is ready first, so no
/// thread pool and no socket engine run in a worker.
/// </summary>
internal sealed unsafe class Poller
{
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;

    /// <summary>Two control connections, the daemon's channel, two listeners and two data sockets at most.</summary>
    private readonly NativeMethods.PollFd[] _fds = new NativeMethods.PollFd[8];
    private int _count;

    /// <summary>The <see cref="Environment.TickCount64"/> value <paramref name="timeout"/> from now: the clock every deadline here uses.</summary>
    public static long DeadlineAfter(TimeSpan timeout) => Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    public void Clear() => _count = 0;

    /// <summary>Watches <paramref name="socket"/> for input (or end of stream); returns its slot for <see cref="IsReady"/>.</summary>
    public int WatchReadable(Socket socket) => Watch(socket.SafeHandle, PollIn);

    /// <summary>Watches <paramref name="socket"/> for room to write.</summary>
    public int WatchWritable(Socket socket) => Watch(socket.SafeHandle, PollOut);

    /// <summary>Watches a descriptor still connecting for the end of its handshake (<see cref="PendingConnection"/>).</summary>
    public int WatchWritable(SafeSocketHandle connecting) => Watch(connecting, PollOut);

    /// <summary>
    /// Waits until a watched socket is ready or <paramref name="deadline"/> (a <see cref="Environment.TickCount64"/>
    /// value; <see cref="long.MaxValue"/> for none) passes. A signal interrupting the wait is a spurious wake-up.
    /// </summary>
    public void Wait(long deadline)
    {
        var remaining = deadline == long.MaxValue ? -1 : Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
        fixed (NativeMethods.PollFd* fds = _fds)
        {
            if (NativeMethods.Poll(fds, (nuint)_count, (int)remaining) < 0 && Marshal.GetLastPInvokeError() != NativeMethods.EIntr)
            {
                // Only a bug can get here (EFAULT, EINVAL): fail loudly rather than spin.
                throw new InvalidOperationException($"poll failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    /// <summary>
    /// True when the slot's socket is ready for what it was watched for. An error or hang-up counts as
    /// ready: the read or write that follows reports it as a value.
    /// </summary>
    public bool IsReady(int slot) =>
        slot >= 0 && (_fds[slot].ReturnedEvents & (_fds[slot].Events | PollErr | PollHup | PollNval)) != 0;

    private int Watch(SafeSocketHandle handle, short events)
    {
        var slot = _count++;
        _fds[slot] = new NativeMethods.PollFd { Fd = (int)handle.DangerousGetHandle(), Events = events };
        return slot;
    }
}
