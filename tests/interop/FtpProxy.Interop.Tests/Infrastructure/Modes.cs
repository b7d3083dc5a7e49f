namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>File modes the recipes ask for (RECIPES.md §1).</summary>
internal static class Modes
{
    public const UnixFileMode Directory755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode Directory777 = Directory755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode File644 = File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode File666 = File644 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
}
