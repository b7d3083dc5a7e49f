namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>The address families on the two legs of a cell: client → proxy, and proxy → server.</summary>
public enum NetworkPath
{
    /// <summary>Client → 127.0.0.1 proxy → 127.0.0.1 server.</summary>
    IPv4,

    /// <summary>Client → 127.0.0.1 proxy → ::1 server: the proxy bridges IPv4 clients to an IPv6-only server.</summary>
    IPv6Upstream,

    /// <summary>Client → ::1 proxy → ::1 server: clients speak EPRT/EPSV (ftp-ssl and wget send "EPSV 2").</summary>
    IPv6,
}
