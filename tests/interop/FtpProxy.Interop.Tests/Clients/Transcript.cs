using System.Text.RegularExpressions;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Clients;

/// <summary>
/// What a client transcript shows. Commands are echoed as "---> CMD" (ftp-ssl, tnftp, lftp), "--> CMD" (wget) or
/// "> CMD" (curl); replies come bare or as "&lt;--- reply" (lftp) / "&lt; reply" (curl) (RECIPES.md §3).
/// </summary>
internal sealed partial class Transcript
{
    private readonly string[] _lines;

    public Transcript(string text)
    {
        Text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        _lines = Text.Split('\n');
    }

    public string Text { get; }

    /// <summary>PORT, EPRT, PASV, EPSV (and LPRT/LPSV) as the client echoed sending them, in order.</summary>
    public IReadOnlyList<string> DataCommandsSent =>
        _lines.Select(l => EchoedDataCommand().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.ToUpperInvariant()).ToList();

    /// <summary>Final reply lines "226 …". pure-ftpd's 226 is multi-line, so "226-" continuation lines do not count.</summary>
    public int CompletionCount => _lines.Count(l => Completion().IsMatch(l));

    /// <summary>Data ports the client was given in 227/229 replies (by the proxy, in these tests).</summary>
    public IReadOnlyList<int> PassivePortsOffered => PassiveReplyPorts.Parse(_lines);

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?:--->|-->|>) ?(PORT|EPRT|PASV|EPSV|LPRT|LPSV)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EchoedDataCommand();

    [GeneratedRegex(@"^(?:<--- |< )?226 ")]
    private static partial Regex Completion();
}
