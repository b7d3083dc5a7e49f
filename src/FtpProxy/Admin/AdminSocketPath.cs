using System.Globalization;
using FtpProxy.Handoff;

namespace FtpProxy.Admin;

/// <summary>Where the admin socket lives unless --admin-socket says otherwise.</summary>
internal static class AdminSocketPath
{
    public static string Default()
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime)
            ? Path.Combine(runtime, "ftpproxy.sock")
            : string.Create(CultureInfo.InvariantCulture, $"/tmp/ftpproxy-{NativeMethods.GetEffectiveUserId()}.sock");
    }

    /// <summary>sun_path holds 108 bytes, the last one the terminating NUL.</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Why <paramref name="path"/> cannot be a Unix socket's path, or null when it can (a value, so neither side meets an exception for it).</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "the admin socket path is empty";
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the admin socket path {path} is {bytes} bytes long; a Unix socket path may be at most {MaxPathBytes} bytes");
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        return directory is not null && !Directory.Exists(directory)
            ? $"the directory {directory} of the admin socket {path} does not exist"
            : null;
    }
}
