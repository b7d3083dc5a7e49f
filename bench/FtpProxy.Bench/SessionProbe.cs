using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpProxy.Tests.Common;

namespace FtpProxy.Bench;

/// <summary>Timed FTP exchanges over raw sockets: nothing between the stopwatch and the wire.</summary>
internal static class SessionProbe
{
    /// <summary>Connect, read the 220, QUIT. Returns the connect→220 time.</summary>
    public static async Task<TimeSpan> GreetingAsync(IPEndPoint endPoint)
    {
        var started = Stopwatch.GetTimestamp();
        var (socket, control) = await ConnectAsync(endPoint);
        using var owned = socket;
        var elapsed = Stopwatch.GetElapsedTime(started);
        await control.SendAsync("QUIT");
        await control.ExpectAsync("221");
        return elapsed;
    }

    /// <summary>Login, PWD, EPSV (PASV where EPSV is refused) + LIST, QUIT. Returns the whole session's time.</summary>
    public static async Task<TimeSpan> WholeSessionAsync(IPEndPoint endPoint)
    {
        var started = Stopwatch.GetTimestamp();
        var (socket, control) = await ConnectAsync(endPoint);
        using var owned = socket;
        await LoginAsync(control);
        await control.SendAsync("PWD");
        await control.ExpectAsync("257");
        var passive = await PassiveEndPointAsync(control, endPoint.Address);
        using var data = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await data.ConnectAsync(new IPEndPoint(endPoint.Address, passive.Port));
        await control.SendAsync("LIST");
        await control.ExpectAsync("1");
        var buffer = new byte[8192];
        while (await data.ReceiveAsync(buffer, SocketFlags.None) > 0)
        {
        }

        await control.ExpectAsync("226");
        await control.SendAsync("QUIT");
        await control.ExpectAsync("221");
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Opens a session, logs in and leaves it idle: for memory measurements.</summary>
    public static async Task<Socket> IdleSessionAsync(IPEndPoint endPoint)
    {
        var (socket, control) = await ConnectAsync(endPoint);
        await LoginAsync(control);
        return socket;
    }

    /// <summary>Connects and reads the greeting.</summary>
    private static async Task<(Socket Socket, Lines Control)> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        var control = new Lines(socket);
        await control.ExpectAsync("220");
        return (socket, control);
    }

    /// <summary>EPSV's data endpoint; a server or proxy that refuses EPSV (ftp-proxy) gets PASV, as clients do.</summary>
    private static async Task<IPEndPoint> PassiveEndPointAsync(Lines control, IPAddress controlPeer)
    {
        await control.SendAsync("EPSV");
        var reply = await control.ReplyAsync();
        if (!reply.StartsWith("229", StringComparison.Ordinal))
        {
            await control.SendAsync("PASV");
            reply = await control.ExpectAsync("227");
        }

        return PassiveReply.Parse(int.Parse(reply.AsSpan(0, 3), CultureInfo.InvariantCulture), reply, controlPeer);
    }

    private static async Task LoginAsync(Lines control)
    {
        await control.SendAsync("USER bench");
        await control.ExpectAsync("331");
        await control.SendAsync("PASS bench");
        await control.ExpectAsync("230");
    }

    /// <summary>Single-line and multi-line replies, enough for the fake server and the proxy.</summary>
    private sealed class Lines(Socket socket)
    {
        private readonly StringBuilder _pending = new();
        private readonly byte[] _buffer = new byte[4096];

        public Task<int> SendAsync(string line) => socket.SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"), SocketFlags.None);

        /// <summary>The next reply whose code starts with <paramref name="code"/>: "226", or "1" for any preliminary reply (150 or pyftpdlib's 125).</summary>
        public async Task<string> ExpectAsync(string code)
        {
            var line = await ReplyAsync();
            return line.StartsWith(code, StringComparison.Ordinal) ? line : throw new IOException($"expected {code}, got {line}");
        }

        /// <summary>The last line of the next reply (the continuation lines of a multi-line reply skipped).</summary>
        public async Task<string> ReplyAsync()
        {
            while (true)
            {
                var line = await ReadLineAsync();
                // "226 Done", or a bare "226"; "226-..." and text lines continue the reply.
                if (line.Length >= 3 && char.IsAsciiDigit(line[0]) && (line.Length == 3 || line[3] == ' '))
                {
                    return line;
                }
            }
        }

        private async Task<string> ReadLineAsync()
        {
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf('\n', StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    return text[..end].TrimEnd('\r');
                }

                var read = await socket.ReceiveAsync(_buffer, SocketFlags.None);
                if (read == 0)
                {
                    throw new IOException("closed");
                }

                _pending.Append(Encoding.ASCII.GetString(_buffer, 0, read));
            }
        }
    }
}
