namespace FtpProxy.Tests.Common;

/// <summary>A reply as a test client read it.</summary>
public sealed record FtpTestReply(int Code, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    public bool IsPreliminary => Code < 200;

    public override string ToString() => Text;
}
