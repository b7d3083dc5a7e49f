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
/// a passive LIST and an active RETR with their data bridges, QUIT. Every method a real session
/// needs is then compiled, so the first client does not pay the JIT (DESIGN.md: a cold worker takes ~35 ms to its first byte).
/// </summary>
internal static class WarmUp
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the production path end to end: the client socket crosses a socketpair as SCM_RIGHTS,
    /// is validated and wrapped, and <see cref="WorkerMain.ServeAsync"/> serves the session, logging
    /// through <paramref name="log"/> (configured like the real one, writing to nowhere).
    /// </summary>
    public static async Task<bool> RunAsync(ILogger log)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var upstreamListener = Listen();
        using var proxyListener = Listen();
        if (!SeqPacketChannel.TryCreatePair(out var daemonEnd, out var workerEnd, out _))
        {
            return false;
        }

        using var daemonSide = SeqPacketChannel.ToSocket(daemonEnd);
        var settings = new SessionSettings
        {
            Upstream = new HostEndpoint("127.0.0.1", ((IPEndPoint)upstreamListener.LocalEndPoint!).Port),
        };
        try
        {
            var upstream = ServeUpstreamAsync(upstreamListener, timeout.Token);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(proxyListener.LocalEndPoint!, timeout.Token);

            // :: The daemon's half: hand the accepted socket over, close our copy.
            using (var accepted = await proxyListener.AcceptAsync(timeout.Token))
            {
                var start = new StartSessionMessage("warm-up", SessionSettingsMessage.From(settings));
                SeqPacketChannel.TrySendWithFd(daemonEnd, MessageCodec.Encode(start), (int)accepted.SafeHandle.DangerousGetHandle(), out _);
            }

            // :: The worker's half, exactly as for a real client.
            var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
            var length = SeqPacketChannel.Receive(workerEnd, buffer, out var clientFd);
            if (!WorkerMain.TryReadStart(buffer.AsSpan(0, length), clientFd, out var message, out var received))
            {
                NativeMethods.Close(workerEnd);
                return false;
            }

            var reports = DrainReportsAsync(daemonSide, timeout.Token);
            var serve = WorkerMain.ServeAsync(message, received, clientFd, workerEnd, log);
            await PlayClientAsync(client, timeout.Token);
            await serve.WaitAsync(timeout.Token);
            await upstream;
            await reports;
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            // A worker that could not warm up still serves; it is only slower to its first byte.
            return false;
        }
    }

    /// <summary>Reads the worker's reports as the daemon would, until the worker's end closes.</summary>
    private static async Task DrainReportsAsync(Socket daemonSide, CancellationToken token)
    {
        var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
        int length;
        while ((length = await daemonSide.ReceiveAsync(buffer, SocketFlags.None, token)) > 0)
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

    /// <summary>What a typical client does, ftp-ssl's active-mode default included: login, PWD, TYPE, a passive LIST, an active RETR.</summary>
    private static async Task PlayClientAsync(Socket client, CancellationToken token)
    {
        var control = new LineSocket(client);
        await control.ExpectAsync("220", token);
        foreach (var (command, reply) in new[] { ("USER warm-up", "331"), ("PASS warm-up", "230"), ("PWD", "257"), ("TYPE I", "200") })
        {
            await control.SendAsync(command, token);
            await control.ExpectAsync(reply, token);
        }

        await control.SendAsync("EPSV", token);
        var epsv = await control.ExpectAsync("229", token);
        var port = int.Parse(epsv.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture);
        using (var passiveData = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await passiveData.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
            await control.SendAsync("LIST", token);
            await control.ExpectAsync("150", token);
            await DrainAsync(passiveData, token);
        }

        await control.ExpectAsync("226", token);
        using var activeListener = Listen();
        await control.SendAsync($"PORT {SixNumberAddress.Format((IPEndPoint)activeListener.LocalEndPoint!)}", token);
        await control.ExpectAsync("200", token);
        await control.SendAsync("RETR warm-up", token);
        await control.ExpectAsync("150", token);
        using (var activeData = await activeListener.AcceptAsync(token))
        {
            await DrainAsync(activeData, token);
        }

        await control.ExpectAsync("226", token);
        await control.SendAsync("QUIT", token);
        await control.ExpectAsync("221", token);
    }

    private static async Task DrainAsync(Socket data, CancellationToken token)
    {
        var buffer = new byte[64];
        while (await data.ReceiveAsync(buffer, SocketFlags.None, token) > 0)
        {
        }
    }

    /// <summary>A server that answers whatever the proxy sends it, passive data connections included.</summary>
    private static async Task ServeUpstreamAsync(Socket listener, CancellationToken token)
    {
        using var socket = await listener.AcceptAsync(token);
        var control = new LineSocket(socket);
        await control.SendAsync("220 warm-up", token);
        Socket? passive = null;
        try
        {
            while (true)
            {
                var command = await control.ExpectAsync(string.Empty, token);
                var verb = command.Split(' ')[0];
                switch (verb)
                {
                    case "USER":
                        await control.SendAsync("331 Password", token);
                        break;
                    case "PASS":
                        await control.SendAsync("230 Logged in", token);
                        break;
                    case "PWD":
                        await control.SendAsync("257 \"/\"", token);
                        break;
                    case "PASV" or "EPSV":
                        passive?.Dispose();
                        passive = Listen();
                        var endPoint = (IPEndPoint)passive.LocalEndPoint!;
                        await control.SendAsync(
                            verb == "EPSV" ? $"229 Entering Extended Passive Mode (|||{endPoint.Port}|)" : $"227 Entering Passive Mode ({SixNumberAddress.Format(endPoint)})",
                            token);
                        break;
                    case "LIST" or "RETR" when passive is not null:
                        using (var data = await passive.AcceptAsync(token))
                        {
                            await control.SendAsync("150 Here it comes", token);
                            await data.SendAsync("warm\r\n"u8.ToArray(), SocketFlags.None, token);
                            data.Shutdown(SocketShutdown.Send);
                        }

                        await control.SendAsync("226 Done", token);
                        break;
                    case "QUIT":
                        await control.SendAsync("221 Bye", token);
                        return;
                    default:
                        await control.SendAsync("200 OK", token);
                        break;
                }
            }
        }
        finally
        {
            passive?.Dispose();
        }
    }

    /// <summary>Just enough line handling for the scripted exchange above.</summary>
    private sealed class LineSocket(Socket socket)
    {
        private readonly StringBuilder _pending = new();

        public async Task SendAsync(string line, CancellationToken token) =>
            await socket.SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"), SocketFlags.None, token);

        public async Task<string> ExpectAsync(string prefix, CancellationToken token)
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

                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    throw new IOException("warm-up peer closed");
                }

                _pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
    }
}
