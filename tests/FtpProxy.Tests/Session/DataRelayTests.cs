using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using FtpProxy.Networking;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;
using Xunit;

namespace FtpProxy.Tests.Session;

/// <summary>
/// The relay alone, between real loopback connections: the destination is connected the way the
/// proxy connects its own data connections (<see cref="TcpConnector"/>), the source is accepted.
/// </summary>
public sealed class DataRelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheFileEnds_ThenTheReaderSeesEveryByteAndTheEnd()
    {
        var (source, sourceWriter) = AcceptedPair();
        var (destination, destinationReader) = ConnectedPair();
        using (source)
        using (sourceWriter)
        using (destination)
        using (destinationReader)
        {
            var file = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
            sourceWriter.Send(file);
            sourceWriter.Shutdown(SocketShutdown.Send);

            var outcome = RunToEnd(new DataRelay(source, destination, new byte[16 * 1024], Timeout));

            outcome.Should().Be(TransferOutcome.Completed);
            ReadToEnd(destinationReader).Should().Equal(file);
        }
    }

    [Fact]
    public void TheReaderResetsBeforeTheFileEnds_IsABrokenTransfer()
    {
        var (source, sourceWriter) = AcceptedPair();
        var (destination, destinationReader) = ConnectedPair();
        using (source)
        using (sourceWriter)
        using (destination)
        {
            // The client's data connection is reset (an aborted download) after the last byte it
            // got, and only then does the server end the file: the client must not hear that all went well.
            destinationReader.LingerState = new LingerOption(true, 0);
            destinationReader.Dispose();
            destination.Poll(Timeout, SelectMode.SelectRead).Should().BeTrue("the reset reaches the relay's destination");
            sourceWriter.Shutdown(SocketShutdown.Send);

            var outcome = RunToEnd(new DataRelay(source, destination, new byte[16 * 1024], Timeout));

            outcome.Should().Be(TransferOutcome.Broken);
        }
    }

    /// <summary>Drives the relay as the session's loop does, until it has an outcome.</summary>
    private static TransferOutcome RunToEnd(DataRelay relay)
    {
        var poller = new Poller();
        var deadline = Poller.DeadlineAfter(Timeout);
        while (Environment.TickCount64 < deadline)
        {
            poller.Clear();
            relay.Watch(poller);
            poller.Wait(deadline);
            if (relay.Advance(poller) is { } outcome)
            {
                return outcome;
            }
        }

        throw new TimeoutException("the relay never finished");
    }

    private static byte[] ReadToEnd(Socket socket)
    {
        socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    /// <summary>The relay's end was accepted (a data listener's), the test's end connected to it.</summary>
    private static (Socket RelayEnd, Socket TestEnd) AcceptedPair()
    {
        using var listener = Listen();
        var testEnd = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        testEnd.Connect(listener.LocalEndPoint!);
        var relayEnd = listener.Accept();
        relayEnd.Blocking = false;
        return (relayEnd, testEnd);
    }

    /// <summary>The relay's end connected by the proxy's own connector, the test's end accepted.</summary>
    private static (Socket RelayEnd, Socket TestEnd) ConnectedPair()
    {
        using var listener = Listen();
        using var connector = TcpConnector.Start([IPAddress.Loopback], ((IPEndPoint)listener.LocalEndPoint!).Port, Timeout);
        var testEnd = listener.Accept();
        var result = connector.Complete();
        result.Succeeded.Should().BeTrue(result.Error);
        return (result.Socket!, testEnd);
    }

    private static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(4);
        return socket;
    }
}
