using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FtpProxy.Handoff;

namespace FtpProxy.Networking;

/// <summary>
/// A TCP connect that reports in errno values. .NET's own non-blocking <see cref="Socket.Connect(EndPoint)"/>
/// throws for the usual outcome, a handshake under way (EINPROGRESS): on a worker's path to the
/// server's greeting and at every data set-up, each throw cost 0.1–0.6 ms (docs/benchmarks.md).
/// The descriptor becomes a <see cref="Socket"/> only once connected, so .NET learns both of its ends.
/// </summary>
internal static unsafe class NonBlockingConnect
{
    /// <summary>
    /// Opens a non-blocking, close-on-exec TCP socket and starts connecting it. Returns 0 (connected
    /// already), <see cref="NativeMethods.EInProgress"/> (watch <paramref name="handle"/> for writability)
    /// or the errno of a failure, in which case <paramref name="handle"/> is null.
    /// </summary>
    public static int Begin(IPEndPoint target, out SafeSocketHandle? handle)
    {
        handle = null;
        var family = target.AddressFamily switch
        {
            AddressFamily.InterNetwork => NativeMethods.AfInet,
            AddressFamily.InterNetworkV6 => NativeMethods.AfInet6,
            _ => -1,
        };
        if (family < 0)
        {
            return NativeMethods.EAfNoSupport;
        }

        var fd = NativeMethods.Socket(family, NativeMethods.SockStream | NativeMethods.SockNonBlock | NativeMethods.SockCloExec, NativeMethods.IpProtoTcp);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        var opened = new SafeSocketHandle(fd, ownsHandle: true);

        // SocketAddress holds the platform's own sockaddr layout, ready for connect(2).
        var address = target.Serialize();
        int result;
        fixed (byte* sockaddr = address.Buffer.Span)
        {
            result = NativeMethods.Connect(fd, sockaddr, (uint)address.Size);
        }

        var errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (errno == NativeMethods.EIntr)
        {
            // Interrupted by a signal, the handshake goes on as if EINPROGRESS had been returned (connect(2)).
            errno = NativeMethods.EInProgress;
        }

        if (errno is 0 or NativeMethods.EInProgress)
        {
            handle = opened;
        }
        else
        {
            opened.Dispose();
        }

        return errno;
    }

    /// <summary>How a handshake reported finished (writable) ended: 0, or its errno (SO_ERROR).</summary>
    public static int Outcome(SafeSocketHandle handle)
    {
        int error;
        var length = (uint)sizeof(int);
        return NativeMethods.GetSockOpt((int)handle.DangerousGetHandle(), NativeMethods.SolSocket, NativeMethods.SoError, &error, &length) == 0
            ? error
            : Marshal.GetLastPInvokeError();
    }

    /// <summary>The connected descriptor as a non-blocking <see cref="Socket"/>, which reads both of its ends from the kernel.</summary>
    public static Socket ToSocket(SafeSocketHandle connected) => new(connected) { Blocking = false };

    /// <summary>An errno as the system words it ("Connection refused"), for logs and the client's 421.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
