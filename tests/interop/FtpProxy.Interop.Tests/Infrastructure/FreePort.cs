using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>A port nobody listened on a moment ago: bind port 0, read it back, close (RECIPES.md §1).</summary>
internal static class FreePort
{
    public static int Pick(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
