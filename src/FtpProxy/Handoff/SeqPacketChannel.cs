using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FtpProxy.Handoff;

/// <summary>
/// One end of the parent–worker socketpair (AF_UNIX, SOCK_SEQPACKET: message boundaries kept).
/// Messages that carry a descriptor use sendmsg/recvmsg with SCM_RIGHTS; the rest can go through a
/// .NET <see cref="Socket"/> wrapped around the same descriptor.
/// </summary>
internal static unsafe class SeqPacketChannel
{
    /// <summary>Largest message either side sends; anything bigger is refused on arrival.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    /// <summary>Creates the pair, close-on-exec on both ends; the launcher clears it on the worker's end only.</summary>
    public static bool TryCreatePair(out int parentEnd, out int workerEnd, out int errno)
    {
        var fds = stackalloc int[2];
        if (NativeMethods.SocketPair(NativeMethods.AfUnix, NativeMethods.SockSeqPacket | NativeMethods.SockCloExec, 0, fds) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            parentEnd = workerEnd = -1;
            return false;
        }

        parentEnd = fds[0];
        workerEnd = fds[1];
        errno = 0;
        return true;
    }

    public static bool SetCloseOnExec(int fd, bool closeOnExec) =>
        NativeMethods.Fcntl(fd, NativeMethods.FSetFd, closeOnExec ? NativeMethods.FdCloExec : 0) == 0;

    /// <summary>Sends <paramref name="payload"/> with <paramref name="fdToPass"/> attached as SCM_RIGHTS. The payload is never empty.</summary>
    public static bool TrySendWithFd(int channelFd, ReadOnlySpan<byte> payload, int fdToPass, out int errno)
    {
        var control = new NativeMethods.FdControlMessage
        {
            Length = (nuint)(sizeof(nuint) + (2 * sizeof(int)) + sizeof(int)), // CMSG_LEN(sizeof(int))
            Level = NativeMethods.SolSocket,
            Type = NativeMethods.ScmRights,
            Fd = fdToPass,
        };
        return TrySendMessage(channelFd, payload, &control, (nuint)sizeof(NativeMethods.FdControlMessage), out errno);
    }

    /// <summary>Sends one message without a descriptor (blocking descriptor: used by the worker before it wraps its end).</summary>
    public static bool TrySend(int channelFd, ReadOnlySpan<byte> payload) => TrySendMessage(channelFd, payload, null, 0, out _);

    /// <summary>As <see cref="TrySend(int, ReadOnlySpan{byte})"/>, with the errno of a failure.</summary>
    public static bool TrySend(int channelFd, ReadOnlySpan<byte> payload, out int errno) => TrySendMessage(channelFd, payload, null, 0, out errno);

    /// <summary>Whether a failed send's errno means the other end is gone (closed, or its process dead).</summary>
    public static bool IsPeerGone(int errno) => errno is NativeMethods.EPipe or NativeMethods.EConnReset;

    private static bool TrySendMessage(int channelFd, ReadOnlySpan<byte> payload, void* control, nuint controlLength, out int errno)
    {
        fixed (byte* data = payload)
        {
            var iov = new NativeMethods.IoVec { Base = data, Length = (nuint)payload.Length };
            var message = new NativeMethods.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = controlLength };
            nint sent;
            do
            {
                sent = NativeMethods.SendMsg(channelFd, &message, NativeMethods.MsgNoSignal);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == NativeMethods.EIntr);

            errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            return sent == payload.Length;
        }
    }

    /// <summary>
    /// Blocks until one message arrives. Returns its length (0 at end of stream, -1 on error or for a
    /// message larger than <paramref name="buffer"/>) and the descriptor that came with it, or -1.
    /// Received descriptors are close-on-exec.
    /// </summary>
    public static int Receive(int channelFd, Span<byte> buffer, out int receivedFd)
    {
        receivedFd = -1;
        fixed (byte* data = buffer)
        {
            var iov = new NativeMethods.IoVec { Base = data, Length = (nuint)buffer.Length };
            var control = default(NativeMethods.FdControlMessage);
            var message = new NativeMethods.MsgHdr
            {
                Iov = &iov,
                IovLength = 1,
                Control = &control,
                ControlLength = (nuint)sizeof(NativeMethods.FdControlMessage),
            };
            nint received;
            do
            {
                received = NativeMethods.RecvMsg(channelFd, &message, NativeMethods.MsgCmsgCloExec);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == NativeMethods.EIntr);

            if (received > 0 && message.ControlLength >= (nuint)(sizeof(nuint) + (3 * sizeof(int)))
                && control.Level == NativeMethods.SolSocket && control.Type == NativeMethods.ScmRights)
            {
                receivedFd = control.Fd;
            }

            // SECURITY: a message or its descriptors cut to fit is not the message that was sent: refused whole.
            if (received > 0 && (message.Flags & (NativeMethods.MsgTrunc | NativeMethods.MsgCtrunc)) != 0)
            {
                if (receivedFd >= 0)
                {
                    NativeMethods.Close(receivedFd);
                    receivedFd = -1;
                }

                return -1;
            }

            return (int)received;
        }
    }

    /// <summary>Wraps a channel descriptor in a Socket for async send/receive of plain messages.</summary>
    public static Socket ToSocket(int fd) => new(new SafeSocketHandle(fd, ownsHandle: true));
}
