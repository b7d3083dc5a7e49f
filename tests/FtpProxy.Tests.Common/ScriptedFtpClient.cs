using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FtpProxy.Tests.Common;

/// <summary>
/// A scripted FTP client over a real socket (Kestrel's TestConnection in spirit): send lines or raw
/// bytes, read replies, open data connections in any mode, half-close or reset.
/// </summary>
public sealed partial class ScriptedFtpClient : IAsyncDisposable
{
    private readonly Socket _control;
    private readonly TelnetLineReader _reader;

    private ScriptedFtpClient(Socket control)
    {
        _control = control;
        _reader = new TelnetLineReader(control);
    }

    public FtpTestReply? Greeting { get; private set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_control.LocalEndPoint!;

    /// <summary>
    /// Connects (from <paramref name="localAddress"/> when given, e.g. another loopback address) and reads the greeting.
    /// <paramref name="receiveBufferBytes"/> caps the kernel's receive buffer, for a client that is to stop reading.
    /// </summary>
    public static async Task<ScriptedFtpClient> ConnectAsync(IPEndPoint server, bool readGreeting = true, IPAddress? localAddress = null, int? receiveBufferBytes = null)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        if (localAddress is not null)
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
        }

        await socket.ConnectAsync(server).WaitAsync(TestDeadline.Default).ConfigureAwait(false);
        var client = new ScriptedFtpClient(socket);
        if (readGreeting)
        {
            client.Greeting = await client.ReadReplyAsync().ConfigureAwait(false);
        }

        return client;
    }

    public Task SendAsync(string line) => SendRawAsync(Encoding.Latin1.GetBytes(line + "\r\n"));

    public async Task SendRawAsync(byte[] bytes, SocketFlags flags = SocketFlags.None) =>
        await _control.SendAsync(bytes, flags).WaitAsync(TestDeadline.Default).ConfigureAwait(false);

    public async Task<FtpTestReply> CommandAsync(string line)
    {
        await SendAsync(line).ConfigureAwait(false);
        return await ReadReplyAsync().ConfigureAwait(false);
    }

    /// <summary>Reads one whole reply; fails the test if none comes before the deadline or the connection closes.</summary>
    public async Task<FtpTestReply> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestDeadline.Default);
        var first = await _reader.ReadLineAsync(deadline.Token).ConfigureAwait(false)
            ?? throw new IOException("control connection closed while waiting for a reply");
        var code = int.Parse(first.AsSpan(0, 3), CultureInfo.InvariantCulture);
        var lines = new List<string> { first };
        if (first.Length > 3 && first[3] == '-')
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(deadline.Token).ConfigureAwait(false)
                    ?? throw new IOException("control connection closed inside a multi-line reply");
                lines.Add(line);
                if (line.StartsWith(first[..3], StringComparison.Ordinal) && (line.Length == 3 || line[3] == ' '))
                {
                    break;
                }
            }
        }

        return new FtpTestReply(code, lines);
    }

    /// <summary>True when the proxy closes the control connection (EOF or reset) before the deadline.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null) =>
        await WaitForEndAsync(timeout).ConfigureAwait(false) != ConnectionEnd.StillOpen;

    /// <summary>
    /// Reads and drops whatever is left, then says how the proxy ended the control connection: an end
    /// of file (FIN, everything it wrote delivered) or a reset (which can discard what it wrote last).
    /// Linux reads a reset that follows the FIN as the end of file; it leaves EPIPE in SO_ERROR then.
    /// </summary>
    public async Task<ConnectionEnd> WaitForEndAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestDeadline.Default);
        try
        {
            while (await _reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is not null)
            {
            }

            var pending = (SocketError)(int)_control.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            return pending == SocketError.Success ? ConnectionEnd.EndOfFile : ConnectionEnd.Reset;
        }
        catch (SocketException)
        {
            return ConnectionEnd.Reset;
        }
        catch (OperationCanceledException)
        {
            return ConnectionEnd.StillOpen;
        }
    }

    public async Task LoginAsync(string user = "alice", string password = "secret")
    {
        (await CommandAsync($"USER {user}").ConfigureAwait(false)).Code.Should().Be(331);
        (await CommandAsync($"PASS {password}").ConfigureAwait(false)).Code.Should().Be(230);
    }

    /// <summary>Half-close: the proxy reads end of file on the control connection.</summary>
    public void ShutdownSend() => _control.Shutdown(SocketShutdown.Send);

    /// <summary>Abortive close: the proxy sees a reset.</summary>
    public void Reset()
    {
        _control.LingerState = new LingerOption(true, 0);
        _control.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _control.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Parses the endpoint out of a 227 or 229 reply (229: the control peer's address).</summary>
    public IPEndPoint ParsePassiveReply(FtpTestReply reply) =>
        PassiveReply.Parse(reply.Code, reply.Text, ((IPEndPoint)_control.RemoteEndPoint!).Address);
}
