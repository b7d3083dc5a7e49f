using System.Buffers.Binary;
using System.Text;

namespace FtpProxy.Handoff;

/// <summary>Appends the fields of one hand-off message (see <see cref="MessageCodec"/> for the format).</summary>
internal sealed class MessageWriter(MessageKind kind)
{
    private readonly List<byte> _bytes = [(byte)kind];

    public MessageWriter String(string? value)
    {
        if (value is null)
        {
            return UInt16(MessageCodec.NullString);
        }

        var utf8 = Encoding.UTF8.GetBytes(value);
        if (utf8.Length >= MessageCodec.NullString)
        {
            // Only the daemon's and the worker's own code write messages: a string this long is a bug.
            throw new ArgumentException($"a hand-off string of {utf8.Length} bytes is too long", nameof(value));
        }

        UInt16((ushort)utf8.Length);
        _bytes.AddRange(utf8);
        return this;
    }

    public MessageWriter Int32(int value)
    {
        Span<byte> field = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(field, value);
        _bytes.AddRange(field);
        return this;
    }

    public MessageWriter Int64(long value)
    {
        Span<byte> field = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(field, value);
        _bytes.AddRange(field);
        return this;
    }

    public MessageWriter Double(double value) => Int64(BitConverter.DoubleToInt64Bits(value));

    public byte[] ToArray() => [.. _bytes];

    private MessageWriter UInt16(ushort value)
    {
        Span<byte> field = stackalloc byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(field, value);
        _bytes.AddRange(field);
        return this;
    }
}
