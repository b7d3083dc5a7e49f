using System.Net;

namespace FtpProxy.Protocol.Addressing;

/// <summary>The one place addresses are compared and formatted from.</summary>
public static class IPAddressExtensions
{
    /// <summary>
    /// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack socket reports for an IPv4
    /// peer) as plain IPv4; any other address unchanged.
    /// </summary>
    public static IPAddress Unmapped(this IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
