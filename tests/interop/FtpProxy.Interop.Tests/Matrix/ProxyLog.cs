using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// Reads the proxy's `--log-level debug` lines: "C&gt; CMD" from the client, "P&gt; CMD" sent upstream,
/// "S&gt; reply" from the server (first line), "C&lt; reply" sent to the client.
/// </summary>
internal static class ProxyLog
{
    /// <summary>Data ports the server announced to the proxy ("S&gt; 227 …", "S&gt; 229 …").</summary>
    public static IReadOnlyList<int> UpstreamPassivePorts(IEnumerable<string> lines) =>
        PassiveReplyPorts.Parse(lines.Where(l => l.Contains("] S> ", StringComparison.Ordinal)));
}
