namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>
/// The real programs the interop tests drive, by the names used in skip reasons. Paths are the ones
/// .ci/install-interop.sh installs (tests/interop/RECIPES.md, table at the top).
/// </summary>
public static class InteropProgram
{
    public const string FtpSsl = "ftp-ssl";
    public const string Tnftp = "tnftp";
    public const string Lftp = "lftp";
    public const string Curl = "curl";
    public const string Wget = "wget";
    public const string Pyftpdlib = "pyftpdlib";
    public const string Vsftpd = "vsftpd";
    public const string Proftpd = "proftpd";
    public const string PureFtpd = "pure-ftpd";

    /// <summary>util-linux `script`: gives ftp-ssl a pseudo-terminal (RECIPES.md §3.6).</summary>
    public const string Script = "script";

    /// <summary>For a theory whose rows each need one client: skipped only when none is installed.</summary>
    public const string AnyFtpClient = "ftp-ssl|tnftp|lftp|curl|wget (at least one)";

    public const string FtpSslPath = "/usr/bin/ftp-ssl";
    public const string TnftpPath = "/usr/bin/tnftp";
    public const string LftpPath = "/usr/bin/lftp";
    public const string CurlPath = "/usr/bin/curl";
    public const string WgetPath = "/usr/bin/wget";

    /// <summary>Not `python3` from PATH: on dev machines that is a pyenv shim without pyftpdlib (RECIPES.md).</summary>
    public const string Python3Path = "/usr/bin/python3";
    public const string VsftpdPath = "/opt/ftp-servers/bin/vsftpd";
    public const string ProftpdPath = "/usr/sbin/proftpd";
    public const string PureFtpdPath = "/opt/ftp-servers/bin/pure-ftpd";
    public const string PurePwPath = "/opt/ftp-servers/bin/pure-pw";
    public const string UnsharePath = "/usr/bin/unshare";
    public const string ScriptPath = "/usr/bin/script";
    public const string ShellPath = "/bin/sh";

    /// <summary>FTPPROXY_INTEROP_REQUIRED=1: a missing program fails the test instead of skipping it.</summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("FTPPROXY_INTEROP_REQUIRED") == "1";

    public static readonly IReadOnlyList<string> All =
        [FtpSsl, Tnftp, Lftp, Curl, Wget, Pyftpdlib, Vsftpd, Proftpd, PureFtpd, Script];

    private static readonly Dictionary<string, Lazy<bool>> Availability = new(StringComparer.Ordinal)
    {
        [FtpSsl] = Executable(FtpSslPath),
        [Tnftp] = Executable(TnftpPath),
        [Lftp] = Executable(LftpPath),
        [Curl] = Executable(CurlPath),
        [Wget] = Executable(WgetPath),
        [Pyftpdlib] = new(() => IsExecutable(Python3Path) && PythonImports("pyftpdlib")),
        [Vsftpd] = Executable(VsftpdPath),
        [Proftpd] = Executable(ProftpdPath),
        [PureFtpd] = new(() => IsExecutable(PureFtpdPath) && IsExecutable(PurePwPath) && IsExecutable(UnsharePath)),
        [Script] = Executable(ScriptPath),
        [AnyFtpClient] = new(() => new[] { FtpSslPath, TnftpPath, LftpPath, CurlPath, WgetPath }.Any(IsExecutable)),
    };

    public static bool IsInstalled(string program) =>
        Availability.TryGetValue(program, out var available)
            ? available.Value
            : throw new ArgumentException($"unknown interop program '{program}'", nameof(program));

    public static string NotInstalledReason(string program) =>
        $"program {program} not installed: run .ci/install-interop.sh";

    /// <summary>The skip reason for a test needing <paramref name="programs"/>, or null when it can run.</summary>
    public static string? SkipReason(IEnumerable<string> programs)
    {
        if (Required)
        {
            return null;
        }

        var missing = programs.FirstOrDefault(p => !IsInstalled(p));
        return missing is null ? null : NotInstalledReason(missing);
    }

    /// <summary>Fails loudly when a program is missing: used where FTPPROXY_INTEROP_REQUIRED=1 let a test run anyway.</summary>
    public static void Require(params string[] programs)
    {
        foreach (var program in programs)
        {
            if (!IsInstalled(program))
            {
                throw new InvalidOperationException(NotInstalledReason(program));
            }
        }
    }

    private static Lazy<bool> Executable(string path) => new(() => IsExecutable(path));

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static bool PythonImports(string module)
    {
        var run = BoundedProcess.RunAsync(
            new ProcessCommand(Python3Path, ["-c", "import " + module]),
            TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        return run.ExitCode == 0;
    }
}
