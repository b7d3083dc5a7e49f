namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>
/// A [Fact] that is skipped with "program X not installed: run .ci/install-interop.sh" when one of
/// <paramref name="programs"/> is missing, unless FTPPROXY_INTEROP_REQUIRED=1 (then it runs and fails).
/// xunit 2 reads Skip at discovery, so the decision is made once, here.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute(params string[] programs)
    {
        Programs = programs;
        if (InteropProgram.SkipReason(programs) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<string> Programs { get; }
}
