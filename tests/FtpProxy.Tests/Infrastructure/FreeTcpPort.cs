using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>A loopback port nobody listens on: bound to port 0, read back, closed.</summary>
internal static class FreeTcpPort
{
    public static int Find()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
