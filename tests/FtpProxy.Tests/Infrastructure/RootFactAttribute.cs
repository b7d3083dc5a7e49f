namespace FtpProxy.Tests.Infrastructure;

/// <summary>A [Fact] that acts as another user, which only root can; skipped with that reason otherwise (CI runs as root).</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root, to run a process or own a file as another user";
        }
    }
}
