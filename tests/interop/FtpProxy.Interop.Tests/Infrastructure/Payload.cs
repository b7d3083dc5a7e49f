using System.Security.Cryptography;

namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>Test files with reproducible pseudo-random content, and their SHA-256.</summary>
internal static class Payload
{
    public const int MiB = 1024 * 1024;

    /// <summary>Writes <paramref name="size"/> bytes drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static string Write(string path, long size, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[64 * 1024];
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            for (long written = 0; written < size; written += buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
            }
        }

        File.SetUnixFileMode(path, Modes.File644);
        return Sha256(path);
    }

    public static string Sha256(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
