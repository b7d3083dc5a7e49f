using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>One non-interactive client run: log in to <see cref="Server"/>, do one operation in one data mode, quit.</summary>
internal sealed record ClientJob(IPEndPoint Server, ClientDataMode Mode, ClientOperation Operation)
{
    public string User { get; init; } = FtpServerProcess.User;

    public string Password { get; init; } = FtpServerProcess.Password;

    /// <summary>Name on the server: the file to retrieve or the name to store as.</summary>
    public string RemoteName { get; init; } = string.Empty;

    /// <summary>Retrieve: where the file goes. Store: the file to upload. List: where curl and wget put the listing.</summary>
    public string LocalPath { get; init; } = string.Empty;

    /// <summary>The client's working directory (wget leaves its `.listing` there).</summary>
    public required string WorkDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Host => Server.Address.ToString();

    public string Port => Server.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>ftp://host:port/ with IPv6 literals in brackets.</summary>
    public string Url(string path = "") =>
        Server.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ftp://[{Host}]:{Port}/{path}"
            : $"ftp://{Host}:{Port}/{path}";
}
