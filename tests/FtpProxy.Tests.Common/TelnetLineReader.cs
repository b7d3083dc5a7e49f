using System.Net.Sockets;
using System.Text;

namespace FtpProxy.Tests.Common;

/// <summary>A deliberately simple line reader for test peers: LF-terminated, Telnet commands dropped, Latin-1.</summary>
public sealed class TelnetLineReader(Socket socket)
{
    private readonly byte[] _buffer = new byte[8192];
    private readonly List<byte> _line = [];
    private int _start;
    private int _end;
    private int _skip;

    /// <summary>The next line without its line end, or null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_start < _end)
            {
                var b = _buffer[_start++];
                if (_skip > 0)
                {
                    _skip--;
                    if (_skip == 0 && b == 0xFF)
                    {
                        _line.Add(0xFF);
                    }
                    else if (_skip == 0 && b is >= 0xFB and <= 0xFE)
                    {
                        _skip = 1;
                    }

                    continue;
                }

                if (b == 0xFF)
                {
                    _skip = 1;
                    continue;
                }

                if (b == '\n')
                {
                    var text = Encoding.Latin1.GetString(_line.ToArray()).TrimEnd('\r');
                    _line.Clear();
                    return text;
                }

                _line.Add(b);
            }

            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _start = 0;
            _end = read;
        }
    }
}
