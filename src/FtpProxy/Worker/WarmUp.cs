using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpProxy.Configuration;
using FtpProxy.Handoff;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Session;
using Serilog;

namespace FtpProxy.Worker;

/// <summary>
/// Runs one whole session on loopback before the worker reports ready: greeting, login, PWD, TYPE,
/// a passive LIST and an active RETR with their data relays, QUIT. Every method a real session
/// needs is then compiled, so the first client does not pay the JIT (DESIGN.md: a cold worker takes ~35 ms to its first byte).
/// </summary>
internal static class WarmUp
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
            WorkerMain.Serve(message, received, clientFd, workerEnd, log);
            return player() && upstream() && reports();
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

    /// <summary>What a typical client does, ftp-ssl's active-mode default included: login, PWD, TYPE, a passive LIST, an active RETR.</summary>
    private static void PlayClient(Socket client)
    {
        using var owned = client;
        var control = new LineSocket(client);
        control.Expect("220");
        foreach (var (command, reply) in new[] { ("USER warm-up", "331"), ("PASS warm-up", "230"), ("PWD", "257"), ("TYPE I", "200") })
        {
            control.Send(command);
            control.Expect(reply);
        }

        control.Send("EPSV");
        var epsv = control.Expect("229");
        var port = int.Parse(epsv.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture);
        using (var passiveData = NewBlockingSocket())
        {
            passiveData.Connect(new IPEndPoint(IPAddress.Loopback, port));
            control.Send("LIST");
            control.Expect("150");
            Drain(passiveData);
        }

        control.Expect("226");
        using var activeListener = Listen();
        control.Send($"PORT {SixNumberAddress.Format((IPEndPoint)activeListener.LocalEndPoint!)}");
        control.Expect("200");
        control.Send("RETR warm-up");
        control.Expect("150");
        using (var activeData = Accept(activeListener))
        {
            Drain(activeData);
        }

        control.Expect("226");
        control.Send("QUIT");
        control.Expect("221");
    }

    private static void Drain(Socket data)
    {
        var buffer = new byte[64];
        while (data.Receive(buffer, SocketFlags.None) > 0)
        {
        }
    }

    /// <summary>A server that answers whatever the proxy sends it, passive data connections included.</summary>
    private static void ServeUpstream(Socket listener)
    {
        using var socket = Accept(listener);
        var control = new LineSocket(socket);
        control.Send("220 warm-up");
        Socket? passive = null;
        try
        {
            while (true)
            {
                var command = control.Expect(string.Empty);
                var verb = command.Split(' ')[0];
                switch (verb)
                {
                    case "USER":
                        control.Send("331 Password");
                        break;
                    case "PASS":
                        control.Send("230 Logged in");
                        break;
                    case "PWD":
                        control.Send("257 \"/\"");
                        break;
                    case "PASV" or "EPSV":
                        passive?.Dispose();
                        passive = Listen();
                        var endPoint = (IPEndPoint)passive.LocalEndPoint!;
                        control.Send(verb == "EPSV" ? $"229 Entering Extended Passive Mode (|||{endPoint.Port}|)" : $"227 Entering Passive Mode ({SixNumberAddress.Format(endPoint)})");
                        break;
                    case "LIST" or "RETR" when passive is not null:
                        using (var data = Accept(passive))
                        {
                            control.Send("150 Here it comes");
                            data.Send("warm\r\n"u8);
                            data.Shutdown(SocketShutdown.Send);
                        }

                        control.Send("226 Done");
                        break;
                    case "QUIT":
                        control.Send("221 Bye");
                        return;
                    default:
                        control.Send("200 OK");
                        break;
                }
            }
        }
        finally
        {
            passive?.Dispose();
        }
    }

    /// <summary>Just enough line handling for the scripted exchange above, on a blocking socket.</summary>
    private sealed class LineSocket(Socket socket)
    {
        private readonly StringBuilder _pending = new();

        public void Send(string line) => socket.Send(Encoding.ASCII.GetBytes(line + "\r\n"));

        public string Expect(string prefix)
        {
            var buffer = new byte[512];
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf('\n', StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    var line = text[..end].TrimEnd('\r');
                    return line.StartsWith(prefix, StringComparison.Ordinal)
                        ? line
                        : throw new IOException($"warm-up expected {prefix}, got {line}");
                }

                var read = socket.Receive(buffer, SocketFlags.None);
                if (read == 0)
                {
                    throw new IOException("warm-up peer closed");
                }

                _pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
    }
}
