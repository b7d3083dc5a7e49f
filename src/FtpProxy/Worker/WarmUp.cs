using System.Net;
using System.Net.Sockets;
using FtpProxy.Configuration;
using FtpProxy.Handoff;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Worker;

/// <summary>
/// Runs one whole session on loopback before the worker reports ready: greeting, login, PWD, TYPE,
/// a passive LIST and an active RETR with their data relays, QUIT. Every method a real session
/// needs is then compiled, so the first client does not pay the JIT (DESIGN.md: a cold worker takes ~35 ms to its first byte).
/// </summary>
internal static partial class WarmUp
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the production path end to end: the client socket crosses a socketpair as SCM_RIGHTS,
    /// is validated and wrapped, and <see cref="WorkerMain.Serve"/> serves the session on this
    /// thread, logging through <paramref name="log"/> (configured like the real one, writing to
    /// nowhere). The scripted client and server play on two short-lived threads of their own.
    /// </summary>
    public static bool Run(ILogger log)
    {
        using var upstreamListener = Listen();
        using var proxyListener = Listen();
        if (!SeqPacketChannel.TryCreatePair(out var daemonEnd, out var workerEnd, out _))
        {
            return false;
        }

        using var daemonSide = SeqPacketChannel.ToSocket(daemonEnd);
        daemonSide.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        var settings = new SessionSettings
        {
            Upstream = new HostEndpoint("127.0.0.1", ((IPEndPoint)upstreamListener.LocalEndPoint!).Port),
            IdleTimeout = Deadline,
            DataSetupTimeout = Deadline,
            UpstreamConnectTimeout = Deadline,
        };
        var client = NewBlockingSocket();
        try
        {
            client.Connect(proxyListener.LocalEndPoint!);

            // :: The daemon's half: hand the accepted socket over, close our copy.
            using (var accepted = proxyListener.Accept())
            {
                var start = new StartSessionMessage("warm-up", SessionSettingsMessage.From(settings));
                SeqPacketChannel.TrySendWithFd(daemonEnd, MessageCodec.Encode(start), (int)accepted.SafeHandle.DangerousGetHandle(), out _);
            }

            // :: The worker's half, exactly as for a real client, while the scripted peers play.
            var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
            var length = SeqPacketChannel.Receive(workerEnd, buffer, out var clientFd);
            if (!WorkerMain.TryReadStart(buffer.AsSpan(0, length), clientFd, out var message, out var received))
            {
                NativeMethods.Close(workerEnd);
                return false;
            }

            var upstream = Play(() => ServeUpstream(upstreamListener));
            var player = Play(() => PlayClient(client));
            var reports = Play(() => DrainReports(daemonSide));
            var served = WorkerMain.Serve(message, received, clientFd, workerEnd, log, sigterms: null);
            return player() && upstream() && reports() && served;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // A worker that could not warm up still serves; it is only slower to its first byte.
            return false;
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Runs <paramref name="script"/> on its own thread; the returned function waits for it (up to the deadline) and tells whether it played out.</summary>
    private static Func<bool> Play(Action script)
    {
        var succeeded = false;
        var thread = new Thread(() =>
        {
            try
            {
                script();
                succeeded = true;
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                // The warm-up failed; the worker reports it and serves anyway.
            }
        })
        {
            IsBackground = true,
            Name = "warm-up",
        };
        thread.Start();
        return () => thread.Join(Deadline) && succeeded;
    }

    /// <summary>Reads the worker's reports as the daemon would, until the worker's end closes.</summary>
    private static void DrainReports(Socket daemonSide)
    {
        var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
        int length;
        while ((length = daemonSide.Receive(buffer, SocketFlags.None)) > 0)
        {
            MessageCodec.TryDecode(buffer.AsSpan(0, length), out _);
        }
    }

    private static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(1);
        return socket;
    }

    /// <summary>A blocking socket whose every wait ends at the deadline, so a broken warm-up cannot hang the worker.</summary>
    private static Socket NewBlockingSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
    {
        NoDelay = true,
        ReceiveTimeout = (int)Deadline.TotalMilliseconds,
        SendTimeout = (int)Deadline.TotalMilliseconds,
    };

    private static Socket Accept(Socket listener)
    {
        var accepted = listener.Accept();
        // Without it, the server's 226 right behind its 150 waits out the proxy's delayed ACK (40 ms),
        // twice per warm-up: the worker would report ready 80 ms later for nothing.
        accepted.NoDelay = true;
        accepted.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        accepted.SendTimeout = (int)Deadline.TotalMilliseconds;
        return accepted;
    }
}
