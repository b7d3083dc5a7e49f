using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>
/// Starts a server in the foreground the way RECIPES.md writes it: `sh -c 'exec … > LOG 2>&1'`, so its
/// output goes to a file in its temp dir and, thanks to exec, the pid we started is the server's pid.
/// </summary>
internal static class ServerShell
{
    public static ProcessCommand Exec(string outputFile, string program, params string[] arguments) =>
        Build("exec \"$@\" >\"$out\" 2>&1", outputFile, program, arguments);

    /// <summary>vsftpd writes its start-up errors to fd 0 (RECIPES.md §2.2): send fd 0 to the log as well.</summary>
    public static ProcessCommand ExecWithStdinToOutput(string outputFile, string program, params string[] arguments) =>
        Build("exec \"$@\" >\"$out\" 2>&1 0>&1", outputFile, program, arguments);

    private static ProcessCommand Build(string tail, string outputFile, string program, string[] arguments) =>
        new(InteropProgram.ShellPath, ["-c", "out=$1; shift; " + tail, "sh", outputFile, program, .. arguments]);
}
