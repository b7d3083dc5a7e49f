using System.Net;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Configuration;

/// <summary>Everything one session needs to know, whichever process hosts it.</summary>
internal sealed record SessionSettings
{
    public required HostEndpoint Upstream { get; init; }

    public IPAddress? PassiveAddress { get; init; }

    public PortRange? PassivePorts { get; init; }

    public PortRange? ActivePorts { get; init; }

    public UpstreamDataMode UpstreamMode { get; init; } = UpstreamDataMode.Passive;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>How long a data connection may take to open (connect or accept).</summary>
    public TimeSpan DataSetupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to the server's control port may take.</summary>
    public TimeSpan UpstreamConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
