using FtpProxy.Protocol.Framing;

namespace FtpProxy.Protocol.Replies;

/// <summary>
/// Assembles server lines into whole replies (RFC 959 section 4.2). A multi-line reply ends with
/// a line whose first three characters are the opening code and whose fourth is a space or the end
/// of the line; every other line in between belongs to the reply, whatever it starts with (IIS
/// omits the leading space, banners start lines with digits).
/// </summary>
public sealed class ReplyAssembler
{
    private readonly int _maxReplyBytes;
    private List<string>? _lines;
    private int _code;
    private int _bytes;

    public ReplyAssembler(int maxReplyBytes = FtpLimits.MaxReplyBytes)
    {
        _maxReplyBytes = maxReplyBytes;
    }

    public bool IsInsideReply => _lines is not null;

    public ReplyStatus Add(string line, out FtpReply? reply)
    {
        reply = null;
        if (_lines is null)
        {
            // A server that decodes Telnet (ProFTPD) answers a client's IAC WILL x with IAC DONT x at
            // once, in front of its reply: that is for a Telnet client, not part of the reply.
            line = line[Telnet.CommandPrefixLength(line)..];
            if (!TryReadCode(line, out var code) || (line.Length > 3 && line[3] != ' ' && line[3] != '-'))
            {
                return ReplyStatus.NotAReply;
            }

            if (line.Length > 3 && line[3] == '-')
            {
                _lines = [line];
                _code = code;
                _bytes = line.Length;
                return ReplyStatus.NeedMoreLines;
            }

            reply = new FtpReply(code, [line]);
            return ReplyStatus.Complete;
        }

        _bytes += line.Length + 2;
        if (_bytes > _maxReplyBytes || _lines.Count >= FtpLimits.MaxReplyLines)
        {
            // SECURITY: a server that never ends its reply cannot make the proxy hold unbounded text,
            // in long lines or in many short ones.
            _lines = null;
            return ReplyStatus.TooLarge;
        }

        _lines.Add(line);
        if (IsTerminator(line, _code))
        {
            reply = new FtpReply(_code, _lines);
            _lines = null;
            return ReplyStatus.Complete;
        }

        return ReplyStatus.NeedMoreLines;
    }

    private static bool IsTerminator(string line, int code) =>
        TryReadCode(line, out var lineCode) && lineCode == code && (line.Length == 3 || line[3] == ' ');

    private static bool TryReadCode(string line, out int code)
    {
        code = 0;
        if (line.Length < 3 || !IsDigit(line[0], '1', '5') || !IsDigit(line[1], '0', '9') || !IsDigit(line[2], '0', '9'))
        {
            return false;
        }

        code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        return true;
    }

    private static bool IsDigit(char c, char low, char high) => c >= low && c <= high;
}
