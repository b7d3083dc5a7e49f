using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Tests.Common;

/// <summary>A port nobody listened on a moment ago: bound to port 0, read back, closed.</summary>
public static class FreeTcpPort
{
    public static int Find(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
