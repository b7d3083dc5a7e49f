namespace FtpProxy.Interop.Tests.Infrastructure;

/// <summary>A program and its arguments, passed to exec as a list (no shell quoting anywhere).</summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Written to standard input, which is then closed; null leaves standard input an empty pipe.</summary>
    public string? StandardInput { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Readable form for test output, e.g. `curl -v ftp://…`.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a)));
}
