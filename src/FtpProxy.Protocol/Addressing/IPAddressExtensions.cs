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

    /// <summary>
    /// The same host, whatever the IPv6 zone: a link-local client's address from getpeername carries
    /// one (fe80::7%2), the address it names in an EPRT cannot.
    /// </summary>
    public static bool IsSameHostAs(this IPAddress address, IPAddress other)
    {
        if (address.AddressFamily != other.AddressFamily)
        {
            return false;
        }

        Span<byte> mine = stackalloc byte[16];
        Span<byte> theirs = stackalloc byte[16];
        return address.TryWriteBytes(mine, out var length) && other.TryWriteBytes(theirs, out var otherLength)
            && mine[..length].SequenceEqual(theirs[..otherLength]);
    }
}
