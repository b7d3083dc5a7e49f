using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace FtpProxy.Tests.Infrastructure;

/// <summary>Keeps every log event so tests can assert on what was (and was not) logged.</summary>
internal sealed class CapturingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    /// <summary>Every event rendered with all its properties, for "never contains" assertions.</summary>
    public IEnumerable<string> RenderedWithProperties() =>
        Events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")));

    public bool Contains(string fragment) => RenderedWithProperties().Any(line => line.Contains(fragment, StringComparison.Ordinal));
}
