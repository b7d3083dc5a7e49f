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
    /// <param name="source">The local address to connect from; null lets the route choose.</param>
    public static int Begin(IPEndPoint target, IPAddress? source, out SafeSocketHandle? handle)
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
        var errno = source is null ? 0 : BindForConnect(fd, InFamilyOf(source, target.AddressFamily));
        if (errno == 0)
        {
            errno = Connect(fd, target);
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

    /// <summary>connect(2): 0 or its errno. SocketAddress holds the platform's own sockaddr layout.</summary>
    private static int Connect(int fd, IPEndPoint target)
    {
        var address = target.Serialize();
        int errno;
        fixed (byte* sockaddr = address.Buffer.Span)
        {
            errno = NativeMethods.Connect(fd, sockaddr, (uint)address.Size) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        // Interrupted by a signal, the handshake goes on as if EINPROGRESS had been returned (connect(2)).
        return errno == NativeMethods.EIntr ? NativeMethods.EInProgress : errno;
    }

    /// <summary>
    /// Binds the address only: the port is chosen at connect(2), per destination
    /// (IP_BIND_ADDRESS_NO_PORT), so connections from one address do not use up its ephemeral ports.
    /// </summary>
    private static int BindForConnect(int fd, IPAddress source)
    {
        var noPort = 1;
        _ = NativeMethods.SetSockOpt(fd, NativeMethods.IpProtoIp, NativeMethods.IpBindAddressNoPort, &noPort, sizeof(int));
        var address = new IPEndPoint(source, 0).Serialize();
        fixed (byte* sockaddr = address.Buffer.Span)
        {
            return NativeMethods.Bind(fd, sockaddr, (uint)address.Size) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>The source address in the target's family: a dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.</summary>
    private static IPAddress InFamilyOf(IPAddress source, AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork when source.IsIPv4MappedToIPv6 => source.MapToIPv4(),
        AddressFamily.InterNetworkV6 when source.AddressFamily == AddressFamily.InterNetwork => source.MapToIPv6(),
        _ => source,
    };

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
