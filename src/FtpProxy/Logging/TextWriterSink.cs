using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace FtpProxy.Logging;

/// <summary>Formats each event onto a writer and flushes it, so one event leaves as one write().</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter writer) : ILogEventSink, IDisposable
{
    private readonly Lock _writeLock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_writeLock)
        {
            try
            {
                formatter.Format(logEvent, writer);
                writer.Flush();
            }
            catch (IOException)
            {
                // Standard error is gone (a closed terminal, a dead pipe reader): the session does not depend on its log.
            }
        }
    }

    public void Dispose() => writer.Dispose();
}
