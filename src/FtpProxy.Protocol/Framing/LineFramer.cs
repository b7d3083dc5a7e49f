using System.Text;

namespace FtpProxy.Protocol.Framing;

/// <summary>
/// Turns the bytes of a control connection into lines: CRLF or bare LF ends a line, and a line
/// longer than the cap is discarded up to its end without being buffered. Every other byte is kept,
/// Telnet's included: clients disagree on doubling 0xFF (curl, netkit ftp and tnftp do not, lftp
/// does) and servers on decoding it (ProFTPD does, vsftpd does not), so the proxy passes the bytes
/// on and each pair behaves as it would directly. Lines are Latin-1 strings, one char per byte,
/// so every byte survives the round trip: FTP paths are bytes, not text.
/// </summary>
public sealed class LineFramer
{
    /// <summary>Where a line buffer starts: most FTP lines are far shorter, so the cap is reached only by lines that need it.</summary>
    private const int InitialLineCapacity = 256;

    private readonly int _capacityLimit;
    private readonly bool _rejectNul;
    private byte[] _line;
    private int _length;
    private bool _overflowed;
    private bool _sawNul;

    public LineFramer(int maxLineLength = FtpLimits.MaxLineLength, bool rejectNul = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        // One extra byte holds a trailing CR that is stripped when the LF arrives. The buffer grows
        // on demand: every worker frames two connections, and a 16 KiB reply cap paid up front
        // would be private memory in every one of them.
        _capacityLimit = maxLineLength + 1;
        _line = new byte[Math.Min(InitialLineCapacity, _capacityLimit)];
        _rejectNul = rejectNul;
    }

    /// <summary>True while a line has started but not ended: the bytes are held here, never reported as a line.</summary>
    public bool HasPartialLine => _length > 0 || _overflowed;

    /// <summary>
    /// Consumes input up to and including the end of the first complete line. Returns
    /// <see cref="FrameStatus.NeedMoreData"/> when the input ran out first; the bytes seen so far
    /// are kept for the next call.
    /// </summary>
    public FrameStatus Read(ReadOnlySpan<byte> input, out int consumed, out string line)
    {
        line = string.Empty;
        var end = input.IndexOf((byte)'\n');
        Append(end < 0 ? input : input[..end]);

        if (end < 0)
        {
            consumed = input.Length;
            return FrameStatus.NeedMoreData;
        }

        consumed = end + 1;
        return CompleteLine(out line);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _sawNul |= bytes.Contains((byte)0);
        var needed = _length + bytes.Length;
        if (needed > _line.Length && _line.Length < _capacityLimit)
        {
            Array.Resize(ref _line, Math.Min(Math.Max(needed, _line.Length * 2), _capacityLimit));
        }

        // SECURITY: past the cap nothing is stored; the rest of the line is dropped as it arrives.
        var kept = Math.Min(bytes.Length, _line.Length - _length);
        bytes[..kept].CopyTo(_line.AsSpan(_length));
        _length += kept;
        _overflowed |= kept < bytes.Length;
    }

    private FrameStatus CompleteLine(out string line)
    {
        var length = _length;
        if (length > 0 && _line[length - 1] == (byte)'\r')
        {
            length--;
        }

        // The buffer has room for cap + 1 bytes so a CR can be stripped; a full line without CR is over the cap.
        var tooLong = _overflowed || length > _capacityLimit - 1;
        var hasNul = _sawNul;
        line = tooLong ? string.Empty : Encoding.Latin1.GetString(_line, 0, length);
        _length = 0;
        _overflowed = false;
        _sawNul = false;

        if (tooLong)
        {
            return FrameStatus.LineTooLong;
        }

        if (hasNul && _rejectNul)
        {
            line = string.Empty;
            return FrameStatus.LineContainsNul;
        }

        return FrameStatus.Line;
    }
}
