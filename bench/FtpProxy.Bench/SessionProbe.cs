using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

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

    /// <summary>Login, PWD, EPSV + LIST, QUIT. Returns the whole session's time.</summary>
    public static async Task<TimeSpan> WholeSessionAsync(IPEndPoint endPoint)
    {
        var started = Stopwatch.GetTimestamp();
        var (socket, control) = await ConnectAsync(endPoint);
        using var owned = socket;
        await LoginAsync(control);
        await control.SendAsync("PWD");
        await control.ExpectAsync("257");
        await control.SendAsync("EPSV");
        var epsv = await control.ExpectAsync("229");
        var port = int.Parse(epsv.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture);
        using var data = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await data.ConnectAsync(new IPEndPoint(endPoint.Address, port));
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

        public async Task<string> ExpectAsync(string code)
        {
            while (true)
            {
                var line = await ReadLineAsync();
                // A code prefix: "226" is that code, "1" is any preliminary reply (150 or pyftpdlib's 125).
                if ((line.Length >= 4 && line[3] == ' ' && line.StartsWith(code, StringComparison.Ordinal)) || line == code)
                {
                    return line;
                }

                if (line.Length >= 4 && char.IsAsciiDigit(line[0]) && line[3] == ' ')
                {
                    throw new IOException($"expected {code}, got {line}");
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
