using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>
/// Rewrites a FEAT reply for what the proxy really offers: TLS features removed (the proxy answers
/// AUTH itself, so advertising them would start a handshake through a text parser), EPRT and EPSV
/// present (the proxy serves them to the client whatever the server supports).
/// </summary>
public static class FeatFilter
{
    private static readonly HashSet<string> Removed = new(StringComparer.OrdinalIgnoreCase)
    {
        "AUTH", "PBSZ", "PROT", "CCC", "ADAT", "SSCN", "CPSV",
    };

    private static readonly string[] Required = ["EPRT", "EPSV"];

    public static FtpReply Rewrite(FtpReply reply)
    {
        if (!reply.IsPositiveCompletion)
        {
            return reply;
        }

        var body = new List<string>();
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < reply.Lines.Count - 1; i++)
        {
            var line = reply.Lines[i];
            var feature = FeatureName(line);
            if (Removed.Contains(feature))
            {
                continue;
            }

            present.Add(feature);
            body.Add(line);
        }

        foreach (var feature in Required)
        {
            if (!present.Contains(feature))
            {
                body.Add(" " + feature);
            }
        }

        var first = reply.Lines.Count > 1 ? reply.Lines[0][4..] : "Features:";
        var last = reply.Lines.Count > 1 ? reply.Lines[^1] : $"{reply.Code} End";
        var lastText = last.Length > 4 ? last[4..] : "End";
        return FtpReply.CreateMultiline(reply.Code, first, body, lastText);
    }

    private static string FeatureName(string line)
    {
        var trimmed = line.AsSpan().TrimStart(' ');
        var end = trimmed.IndexOf(' ');
        return (end < 0 ? trimmed : trimmed[..end]).ToString();
    }
}
