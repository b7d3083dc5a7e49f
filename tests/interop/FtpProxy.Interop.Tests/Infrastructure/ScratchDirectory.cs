namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>A fresh temp directory, mode 755 (servers change into it as unprivileged users, RECIPES.md §1), deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"ftpproxy-interop-{prefix}-").FullName;
        File.SetUnixFileMode(Path, Modes.Directory755);
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates a subdirectory with <paramref name="mode"/> (chmod, so the umask does not apply).</summary>
    public string CreateSubdirectory(string name, UnixFileMode mode)
    {
        var path = Combine(name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // A server session child may still be closing a file in it; try again.
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
