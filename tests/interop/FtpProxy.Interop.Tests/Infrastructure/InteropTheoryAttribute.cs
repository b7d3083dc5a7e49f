namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>
/// A [Theory] skipped as a whole when a program every row needs is missing (see <see cref="InteropFactAttribute"/>).
/// Programs only some rows need are handled by the row source instead: it leaves those rows out unless
/// FTPPROXY_INTEROP_REQUIRED=1, and <c>InstalledProgramsTests</c> reports each missing program as a skipped fact.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class InteropTheoryAttribute : TheoryAttribute
{
    public InteropTheoryAttribute(params string[] programs)
    {
        Programs = programs;
        if (InteropProgram.SkipReason(programs) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<string> Programs { get; }
}
