using System.Net.Sockets;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>
/// A private syslog: a Unix datagram socket whose every datagram is appended, as one line, to a file
/// (RECIPES.md §2.4). pure-ftpd logs commands only through syslog, and a global syslogd would mix tests.
/// </summary>
internal sealed class SyslogSink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly FileStream _output;
    private readonly Task _loop;

    public SyslogSink(string socketPath, string outputPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        // pure-ftpd's privilege-separated children log as nobody.
        File.SetUnixFileMode(socketPath, Infrastructure.Modes.File666);
        _output = new FileStream(outputPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _loop = ReceiveLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        await _output.DisposeAsync();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        while (true)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var length = received;
            while (length > 0 && buffer[length - 1] is 0 or (byte)'\n')
            {
                length--;
            }

            await _output.WriteAsync(buffer.AsMemory(0, length));
            _output.WriteByte((byte)'\n');
            await _output.FlushAsync();
        }
    }
}
