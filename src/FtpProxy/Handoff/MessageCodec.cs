using System.Text.Json;

namespace FtpProxy.Handoff;

/// <summary>Encodes and decodes hand-off messages; a malformed message is a false return.</summary>
internal static class MessageCodec
{
    public static byte[] Encode(HandoffMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, HandoffJsonContext.Default.HandoffMessage);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out HandoffMessage message)
    {
        message = null!;
        if (bytes.Length == 0 || bytes.Length > SeqPacketChannel.MaxMessageBytes)
        {
            return false;
        }

        try
        {
            message = JsonSerializer.Deserialize(bytes, HandoffJsonContext.Default.HandoffMessage)!;
            return message is not null;
        }
        catch (JsonException)
        {
            // The boundary where untrusted bytes become a value: a bad message is refused, not thrown.
            return false;
        }
        catch (NotSupportedException)
        {
            // An unknown "type" discriminator.
            return false;
        }
    }
}
