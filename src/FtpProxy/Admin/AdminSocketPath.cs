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
}
