using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
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
        result.Error.Should().Be("Connection refused");
    }

    [Fact]
    public void ConnectingAndBeingRefused_AreValues_NotExceptions()
    {
        // Exceptions are for bugs: a connect under way (EINPROGRESS) or refused is an expected outcome.
        // Thrown on a session's path, each cost a worker 0.1-0.6 ms before the server could answer.
        using var listener = Listen(IPAddress.Loopback);
        int refusingPort;
        using (var probe = Listen(IPAddress.Loopback))
        {
            refusingPort = Port(probe);
        }

        var thrown = ExceptionsThrownOnThisThreadBy(() =>
        {
            using (var connector = TcpConnector.Start([IPAddress.Loopback], Port(listener), Timeout))
            {
                using var socket = connector.Complete().Socket;
                socket.Should().NotBeNull();
            }

            using (var refused = TcpConnector.Start([IPAddress.Loopback], refusingPort, Timeout))
            {
                refused.Complete().Succeeded.Should().BeFalse();
            }
        });

        thrown.Should().BeEmpty();
    }

    [Fact]
    public void AnIPv6Address_IsConnectedTo()
    {
        using var listener = Listen(IPAddress.IPv6Loopback);

        using var connector = TcpConnector.Start([IPAddress.IPv6Loopback], Port(listener), Timeout);
        var result = connector.Complete();

        result.Succeeded.Should().BeTrue(result.Error);
        using var socket = result.Socket!;
        ((IPEndPoint)socket.RemoteEndPoint!).Should().Be(new IPEndPoint(IPAddress.IPv6Loopback, Port(listener)));
        ((IPEndPoint)socket.LocalEndPoint!).Address.Should().Be(IPAddress.IPv6Loopback);
    }

    /// <summary>First-chance exceptions raised on the calling thread while <paramref name="action"/> runs (other tests run on other threads).</summary>
    private static List<string> ExceptionsThrownOnThisThreadBy(Action action)
    {
        var thrown = new List<string>();
        var thread = Environment.CurrentManagedThreadId;
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                thrown.Add($"{e.Exception.GetType().Name}: {e.Exception.Message}");
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            action();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        return thrown;
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
