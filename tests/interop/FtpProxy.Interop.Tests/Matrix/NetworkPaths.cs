using System.Net;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>Addresses and the proxy start-up for each <see cref="NetworkPath"/>.</summary>
internal static class NetworkPaths
{
    public static IPAddress ServerAddress(this NetworkPath path) =>
        path == NetworkPath.IPv4 ? IPAddress.Loopback : IPAddress.IPv6Loopback;

    /// <summary>The proxy in front of <paramref name="upstream"/>, listening on 127.0.0.1 or, for <see cref="NetworkPath.IPv6"/>, on ::1.</summary>
    public static Task<OwnedProxy> StartProxyAsync(this NetworkPath path, IPEndPoint upstream) =>
        path == NetworkPath.IPv6 ? OwnedProxy.StartOnIPv6Async(upstream) : OwnedProxy.StartAsync(upstream);
}
