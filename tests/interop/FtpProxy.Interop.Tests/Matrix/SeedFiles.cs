using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>The files every server starts with, and their SHA-256.</summary>
internal sealed record SeedFiles(string OneMiBHash, string TwentyMiBHash, string EmptyHash)
{
    public const string OneMiB = "data-1m.bin";
    public const string TwentyMiB = "data-20m.bin";
    public const string Empty = "empty.bin";

    public static IReadOnlyList<string> Names { get; } = [OneMiB, TwentyMiB, Empty];

    public static SeedFiles WriteInto(string root) => new(
        Payload.Write(Path.Combine(root, OneMiB), Payload.MiB, seed: 1),
        Payload.Write(Path.Combine(root, TwentyMiB), 20L * Payload.MiB, seed: 20),
        Payload.Write(Path.Combine(root, Empty), 0, seed: 0));

    public string HashOf(string name) => name switch
    {
        OneMiB => OneMiBHash,
        TwentyMiB => TwentyMiBHash,
        Empty => EmptyHash,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
