using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using FtpProxy.Networking;
using Xunit;

namespace FtpProxy.Tests.Networking;

public sealed class TcpConnectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheConnectIsUnderWayBeforeCompleteIsCalled()
    {
        using var listener = Listen(IPAddress.Loopback);

        using var connector = TcpConnector.Start([IPAddress.Loopback], Port(listener), Timeout);

        // The server can accept (and greet) while the session still sets itself up.
        listener.Poll(Timeout, SelectMode.SelectRead).Should().BeTrue("the handshake was started by Start alone");
        using var accepted = listener.Accept();
        var result = connector.Complete();
        result.Succeeded.Should().BeTrue();
        using var socket = result.Socket!;
        ((IPEndPoint)socket.RemoteEndPoint!).Port.Should().Be(Port(listener));
        socket.Blocking.Should().BeFalse("the session's poll loop drives it");
    }

    [Fact]
    public void AnAddressThatRefuses_IsFollowedByTheNextOne()
    {
        using var listener = Listen(IPAddress.Loopback);
        var nobodyThere = IPAddress.Parse("127.0.0.2"); // loopback too, with nothing bound on it

        using var connector = TcpConnector.Start([nobodyThere, IPAddress.Loopback], Port(listener), Timeout);
        var result = connector.Complete();

        result.Succeeded.Should().BeTrue(result.Error);
        using var socket = result.Socket!;
        ((IPEndPoint)socket.RemoteEndPoint!).Address.Should().Be(IPAddress.Loopback);
    }

    [Fact]
    public void WhenEveryAddressRefuses_TheLastErrorIsTheOutcome()
    {
        int port;
        using (var probe = Listen(IPAddress.Loopback))
        {
            port = Port(probe);
        }

        using var connector = TcpConnector.Start([IPAddress.Parse("127.0.0.2"), IPAddress.Loopback], port, Timeout);
        var result = connector.Complete();

        result.Succeeded.Should().BeFalse();
        result.Error.Should().Be(nameof(SocketError.ConnectionRefused));
    }

    private static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(4);
        return socket;
    }

    private static int Port(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;
}
