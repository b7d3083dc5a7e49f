using System.Globalization;
using System.Net;
using FtpProxy.Configuration;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Handoff;

/// <summary>A session's settings as they cross to a worker: plain strings and numbers, checked again on arrival.</summary>
internal sealed record SessionSettingsMessage(
    string Upstream,
    string? PassiveAddress,
    string? PassivePorts,
    string? ActivePorts,
    string UpstreamMode,
    int IdleTimeoutSeconds,
    int DataSetupTimeoutSeconds)
{
    public static SessionSettingsMessage From(SessionSettings settings) => new(
        settings.Upstream.ToString(),
        settings.PassiveAddress?.ToString(),
        settings.PassivePorts?.ToString(),
        settings.ActivePorts?.ToString(),
        settings.UpstreamMode.ToString(),
        (int)settings.IdleTimeout.TotalSeconds,
        (int)settings.DataSetupTimeout.TotalSeconds);

    /// <summary>SECURITY: a worker trusts nothing it did not check, even from its own parent.</summary>
    public bool TryToSettings(out SessionSettings settings, out string error)
    {
        settings = null!;
        if (!HostEndpoint.TryParse(Upstream, defaultHost: null, out var upstream, out error))
        {
            return false;
        }

        IPAddress? passiveAddress = null;
        if (PassiveAddress is not null && !IPAddress.TryParse(PassiveAddress, out passiveAddress))
        {
            error = "invalid passive address";
            return false;
        }

        PortRange? passivePorts = null;
        if (PassivePorts is not null && !PortRange.TryParse(PassivePorts, out passivePorts, out error))
        {
            return false;
        }

        PortRange? activePorts = null;
        if (ActivePorts is not null && !PortRange.TryParse(ActivePorts, out activePorts, out error))
        {
            return false;
        }

        if (!Enum.TryParse<UpstreamDataMode>(UpstreamMode, ignoreCase: false, out var mode) || !Enum.IsDefined(mode))
        {
            error = "invalid upstream mode";
            return false;
        }

        if (IdleTimeoutSeconds < 1 || DataSetupTimeoutSeconds < 1)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"invalid timeouts {IdleTimeoutSeconds}/{DataSetupTimeoutSeconds}");
            return false;
        }

        settings = new SessionSettings
        {
            Upstream = upstream,
            PassiveAddress = passiveAddress,
            PassivePorts = passivePorts,
            ActivePorts = activePorts,
            UpstreamMode = mode,
            IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSeconds),
            DataSetupTimeout = TimeSpan.FromSeconds(DataSetupTimeoutSeconds),
        };
        error = string.Empty;
        return true;
    }
}
