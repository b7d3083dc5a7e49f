namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// The address family between the proxy and the server. Clients always reach the proxy on 127.0.0.1
/// (ProxyProcess.StartDaemonAsync listens there); with <see cref="IPv6"/> the server listens on ::1 only.
/// </summary>
public enum UpstreamFamily
{
    IPv4,
    IPv6,
}
