using System.Net;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Protocol.Translation;

/// <summary>What the translator needs to know about the session's connections.</summary>
public sealed record TranslatorSettings(IPAddress ClientAddress, UpstreamDataMode UpstreamDataMode = UpstreamDataMode.Passive)
{
    /// <summary>The client's address with IPv4-mapped IPv6 unwrapped, as PORT/EPRT addresses are compared.</summary>
    public IPAddress NormalizedClientAddress { get; } = ClientAddress.Unmapped();

    public bool ClientIsIPv6 => NormalizedClientAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}
