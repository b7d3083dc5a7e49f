using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FtpProxy.Handoff;

/// <summary>
/// Reads the fields of one hand-off message. Every read is a Try: a short field, a null where a
/// value is required or bytes that are not UTF-8 make the whole message invalid, never an exception.
/// </summary>
internal ref struct MessageReader(ReadOnlySpan<byte> fields)
{
    private ReadOnlySpan<byte> _rest = fields;

    /// <summary>True once every byte was read: a message with bytes left over is invalid too.</summary>
    public readonly bool AtEnd => _rest.IsEmpty;

    public bool TryReadString(out string value)
    {
        var read = TryReadNullableString(out var text);
        value = text ?? string.Empty;
        return read && text is not null;
    }

    public bool TryReadNullableString(out string? value)
    {
        value = null;
        if (!TryTake(sizeof(ushort), out var prefix))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (length == MessageCodec.NullString)
        {
            return true;
        }

        // SECURITY: the length is checked against what is left, and the bytes must be UTF-8.
        if (!TryTake(length, out var utf8) || !Utf8.IsValid(utf8))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(utf8);
        return true;
    }

    public bool TryReadInt32(out int value)
    {
        var read = TryTake(sizeof(int), out var field);
        value = read ? BinaryPrimitives.ReadInt32BigEndian(field) : 0;
        return read;
    }

    public bool TryReadInt64(out long value)
    {
        var read = TryTake(sizeof(long), out var field);
        value = read ? BinaryPrimitives.ReadInt64BigEndian(field) : 0;
        return read;
    }

    public bool TryReadDouble(out double value)
    {
        var read = TryReadInt64(out var bits);
        value = BitConverter.Int64BitsToDouble(bits);
        return read && double.IsFinite(value);
    }

    private bool TryTake(int count, out ReadOnlySpan<byte> field)
    {
        if (_rest.Length < count)
        {
            field = default;
            return false;
        }

        field = _rest[..count];
        _rest = _rest[count..];
        return true;
    }
}
