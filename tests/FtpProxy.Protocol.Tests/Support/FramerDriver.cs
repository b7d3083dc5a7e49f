using System.Text;
using FtpProxy.Protocol.Framing;

namespace FtpProxy.Protocol.Tests.Support;

/// <summary>
/// Feeds bytes to a <see cref="LineFramer"/> the way a socket would (any chunking) and records
/// what came out. Kestrel's BytePerSegmentTestSequenceFactory idea: the result must not depend on where
/// the reads happened to split the stream.
/// </summary>
internal static class FramerDriver
{
    /// <summary>Telnet bytes as Latin-1 characters, so a test input reads as one string.</summary>
    public const string Iac = "\u00FF";
    public const string Ip = "\u00F4";
    public const string Dm = "\u00F2";
    public const string Will = "\u00FB";
    public const string Wont = "\u00FC";
    public const string Do = "\u00FD";
    public const string Dont = "\u00FE";
    public const string Sb = "\u00FA";
    public const string Se = "\u00F0";
    public const string Nop = "\u00F1";

    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>One frame as text: "Line:USER bob", "LineTooLong", "LineContainsNul".</summary>
    public static string Describe(FrameStatus status, string line) =>
        status == FrameStatus.Line ? "Line:" + line : status.ToString();

    public static FramerRun FeedInChunks(byte[] input, IEnumerable<int> chunkLengths, Func<LineFramer> create)
    {
        var framer = create();
        var frames = new List<string>();
        var at = 0;
        foreach (var length in chunkLengths)
        {
            Feed(framer, input.AsSpan(at, length), frames);
            at += length;
        }

        if (at != input.Length)
        {
            throw new InvalidOperationException("chunk lengths do not cover the input");
        }

        return new FramerRun(frames, framer.HasPartialLine);
    }

    /// <summary>Hands the framer one chunk, calling Read until the chunk is used up, as a host's read loop does.</summary>
    public static void Feed(LineFramer framer, ReadOnlySpan<byte> chunk, List<string> frames)
    {
        while (true)
        {
            var status = framer.Read(chunk, out var consumed, out var line);
            if (consumed < 0 || consumed > chunk.Length)
            {
                throw new InvalidOperationException($"consumed {consumed} of {chunk.Length}");
            }

            chunk = chunk[consumed..];
            if (status == FrameStatus.NeedMoreData)
            {
                if (chunk.Length != 0)
                {
                    throw new InvalidOperationException("NeedMoreData returned before the input was used up");
                }

                if (line.Length != 0)
                {
                    throw new InvalidOperationException("NeedMoreData returned text");
                }

                return;
            }

            if (consumed == 0)
            {
                throw new InvalidOperationException("a frame was reported without consuming input");
            }

            frames.Add(Describe(status, line));
        }
    }

    public static FramerRun Whole(byte[] input, Func<LineFramer> create) =>
        FeedInChunks(input, [input.Length], create);

    public static FramerRun ByteAtATime(byte[] input, Func<LineFramer> create) =>
        FeedInChunks(input, Enumerable.Repeat(1, input.Length), create);

    /// <summary>
    /// Asserts that the input gives <paramref name="expected"/> fed whole, one byte at a time, and split
    /// into two chunks at every position (including the empty chunk at either end).
    /// </summary>
    public static void ShouldFrameAs(
        byte[] input,
        IReadOnlyList<string> expected,
        bool partialLineAfter,
        Func<LineFramer>? create = null)
    {
        create ??= () => new LineFramer();
        var whole = Whole(input, create);
        whole.Frames.Should().Equal(expected, "fed in one chunk");
        whole.HasPartialLine.Should().Be(partialLineAfter, "fed in one chunk");

        var bytewise = ByteAtATime(input, create);
        bytewise.Frames.Should().Equal(expected, "fed one byte at a time");
        bytewise.HasPartialLine.Should().Be(partialLineAfter, "fed one byte at a time");

        for (var split = 0; split <= input.Length; split++)
        {
            var run = FeedInChunks(input, [split, input.Length - split], create);
            if (!run.Frames.SequenceEqual(expected) || run.HasPartialLine != partialLineAfter)
            {
                run.Frames.Should().Equal(expected, $"split into two chunks at byte {split}");
                run.HasPartialLine.Should().Be(partialLineAfter, $"split into two chunks at byte {split}");
            }
        }
    }
}

/// <summary>What a framer produced for a whole input, and whether it still held part of a line at the end.</summary>
internal sealed record FramerRun(IReadOnlyList<string> Frames, bool HasPartialLine);
