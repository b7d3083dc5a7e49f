using FtpProxy.Handoff;

namespace FtpProxy.Tests.Handoff;

public sealed class MessageCodecTests
{
    private static readonly SessionSettingsMessage Settings = new("ftp.example.org:21", "192.0.2.7", "50000-50100", null, "Passive", 300, 30);

    public static TheoryData<string> MessageNames => [.. AllMessages().Keys];

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void EveryMessage_SurvivesTheRoundTrip(string name)
    {
        var message = AllMessages()[name];

        MessageCodec.TryDecode(MessageCodec.Encode(message), out var decoded).Should().BeTrue();

        decoded.Should().Be(message);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void EveryMessage_CutShort_IsRefused(string name)
    {
        var bytes = MessageCodec.Encode(AllMessages()[name]);

        for (var length = 0; length < bytes.Length; length++)
        {
            MessageCodec.TryDecode(bytes.AsSpan(0, length), out _).Should().BeFalse($"{length} of {bytes.Length} bytes is not a whole message");
        }
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void EveryMessage_WithBytesLeftOver_IsRefused(string name)
    {
        byte[] bytes = [.. MessageCodec.Encode(AllMessages()[name]), 0];

        MessageCodec.TryDecode(bytes, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(255)]
    public void AnUnknownKind_IsRefused(byte kind) =>
        MessageCodec.TryDecode([kind], out _).Should().BeFalse();

    [Fact]
    public void AWellFormedMessageOverTheSizeLimit_IsRefused_AndOneAtTheLimitIsNot()
    {
        // LoggedIn: kind byte, u16 length, the string: 3 bytes of framing.
        var atLimit = MessageCodec.Encode(new LoggedInMessage(new string('a', SeqPacketChannel.MaxMessageBytes - 3)));
        var overLimit = MessageCodec.Encode(new LoggedInMessage(new string('a', SeqPacketChannel.MaxMessageBytes - 2)));

        atLimit.Should().HaveCount(SeqPacketChannel.MaxMessageBytes);
        MessageCodec.TryDecode(atLimit, out _).Should().BeTrue();
        MessageCodec.TryDecode(overLimit, out _).Should().BeFalse();
    }

    [Fact]
    public void AStringThatIsNotUtf8_IsRefused()
    {
        // LoggedIn: kind, u16 length 2, then a lone continuation byte and an invalid lead byte.
        byte[] bytes = [(byte)MessageKind.LoggedIn, 0, 2, 0x80, 0xFF];

        MessageCodec.TryDecode(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void ANullWhereAStringIsRequired_IsRefused()
    {
        byte[] bytes = [(byte)MessageKind.LoggedIn, 0xFF, 0xFF];

        MessageCodec.TryDecode(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void AStringLengthBeyondTheMessage_IsRefused()
    {
        byte[] bytes = [(byte)MessageKind.LoggedIn, 0x10, 0x00, (byte)'a'];

        MessageCodec.TryDecode(bytes, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ATransferDurationThatIsNotANumber_IsRefused(double seconds)
    {
        var bytes = MessageCodec.Encode(new TransferDoneMessage("RETR", "a", 1, seconds, "Completed"));

        MessageCodec.TryDecode(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void OptionalSettings_KeepTheirNulls()
    {
        var start = new StartSessionMessage("id", new SessionSettingsMessage("h:21", null, null, null, "Active", 1, 1));

        MessageCodec.TryDecode(MessageCodec.Encode(start), out var decoded).Should().BeTrue();

        decoded.Should().Be(start);
    }

    [Fact]
    public void RandomBytes_AreRefusedOrDecoded_NeverThrown()
    {
        var random = new Random(20261121);
        var decodedCount = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = (byte)random.Next(0, 12);
            }

            var act = () => MessageCodec.TryDecode(bytes, out _) ? decodedCount++ : 0;

            act.Should().NotThrow();
        }

        decodedCount.Should().BeGreaterThan(0, "short kinds such as Kick decode from one byte");
    }

    private static Dictionary<string, HandoffMessage> AllMessages() => new()
    {
        ["start"] = new StartSessionMessage("0a1b2c3d", Settings),
        ["kick"] = new KickMessage(),
        ["shutdown"] = new ShutdownMessage(),
        ["ready"] = new WorkerReadyMessage(4242),
        ["started"] = new SessionStartedMessage("0a1b2c3d"),
        ["login"] = new LoggedInMessage("zoë"),
        ["transfer-start"] = new TransferStartedMessage("RETR", "/pub/ünïcode file.bin"),
        ["progress"] = new TransferProgressMessage(7L * 1024 * 1024 * 1024),
        ["transfer"] = new TransferDoneMessage("STOR", "up.bin", 20L * 1024 * 1024 * 1024, 12.5, "Completed"),
        ["ended"] = new SessionEndedMessage("client quit"),
    };
}
