using System.Text;

namespace FtpProxy.Protocol.Framing;

/// <summary>
/// Turns the bytes of a Telnet control stream into lines: CRLF or bare LF ends a line, Telnet
/// commands are removed (IAC IAC becomes one 0xFF), and a line longer than the cap is discarded up to
/// its end without being buffered. Lines are returned as Latin-1 strings so every byte survives the
/// round trip unchanged: FTP paths are bytes, not text.
/// </summary>
public sealed class TelnetLineFramer
{
    private enum TelnetState
    {
        Data,
        AfterIac,
        AfterNegotiationVerb,
        InSubnegotiation,
        InSubnegotiationAfterIac,
    }

    /// <summary>Where a line buffer starts: most FTP lines are far shorter, so the cap is reached only by lines that need it.</summary>
    private const int InitialLineCapacity = 256;

    private readonly int _capacityLimit;
    private readonly bool _rejectNul;
    private byte[] _line;
    private int _length;
    private bool _overflowed;
    private bool _sawNul;
    private TelnetState _state;

    public TelnetLineFramer(int maxLineLength = FtpLimits.MaxLineLength, bool rejectNul = true)
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
    public bool HasPartialLine => _length > 0 || _overflowed || _state != TelnetState.Data;

    /// <summary>
    /// Consumes input up to and including the end of the first complete line. Returns
    /// <see cref="FrameStatus.NeedMoreData"/> when the input ran out first; the bytes seen so far
    /// are kept for the next call.
    /// </summary>
    public FrameStatus Read(ReadOnlySpan<byte> input, out int consumed, out string line)
    {
        line = string.Empty;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            switch (_state)
            {
                case TelnetState.Data:
                    if (b == Telnet.Iac)
                    {
                        _state = TelnetState.AfterIac;
                    }
                    else if (b == (byte)'\n')
                    {
                        consumed = i + 1;
                        return CompleteLine(out line);
                    }
                    else
                    {
                        Append(b);
                    }

                    break;

                case TelnetState.AfterIac:
                    _state = TelnetState.Data;
                    if (b == Telnet.Iac)
                    {
                        Append(b);
                    }
                    else if (b is >= Telnet.Will and <= Telnet.Dont)
                    {
                        _state = TelnetState.AfterNegotiationVerb;
                    }
                    else if (b == Telnet.SubnegotiationBegin)
                    {
                        _state = TelnetState.InSubnegotiation;
                    }
                    else if (b < Telnet.LowestCommand)
                    {
                        // Not a Telnet command: a server that forgot to double 0xFF. Keep both bytes.
                        Append(Telnet.Iac);
                        if (b == (byte)'\n')
                        {
                            consumed = i + 1;
                            return CompleteLine(out line);
                        }

                        Append(b);
                    }

                    // Any other command (IP, DM, AYT, NOP...) carries no text and is dropped.
                    break;

                case TelnetState.AfterNegotiationVerb:
                    _state = TelnetState.Data;
                    break;

                case TelnetState.InSubnegotiation:
                    if (b == Telnet.Iac)
                    {
                        _state = TelnetState.InSubnegotiationAfterIac;
                    }

                    break;

                case TelnetState.InSubnegotiationAfterIac:
                    _state = b == Telnet.SubnegotiationEnd ? TelnetState.Data : TelnetState.InSubnegotiation;
                    break;
            }
        }

        consumed = input.Length;
        return FrameStatus.NeedMoreData;
    }

    private void Append(byte b)
    {
        if (b == 0)
        {
            _sawNul = true;
        }

        if (_length == _line.Length && _line.Length < _capacityLimit)
        {
            Array.Resize(ref _line, Math.Min(_line.Length * 2, _capacityLimit));
        }

        if (_length < _line.Length)
        {
            _line[_length++] = b;
        }
        else
        {
            // SECURITY: past the cap nothing is stored; the rest of the line is dropped as it arrives.
            _overflowed = true;
        }
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
