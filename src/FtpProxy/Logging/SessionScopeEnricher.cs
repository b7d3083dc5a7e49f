using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace FtpProxy.Logging;

/// <summary>Builds the "[session client user pid]" prefix of text log lines from the structured properties.</summary>
internal sealed class SessionScopeEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var scope = new StringBuilder();
        Append(scope, logEvent, LogProperties.SessionId, string.Empty);
        Append(scope, logEvent, LogProperties.Client, string.Empty);
        Append(scope, logEvent, LogProperties.User, "user=");
        Append(scope, logEvent, LogProperties.Pid, "pid=");
        var text = scope.Length == 0 ? string.Empty : $"[{scope}] ";
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(LogProperties.Scope, text));
    }

    private static void Append(StringBuilder scope, LogEvent logEvent, string name, string prefix)
    {
        if (!logEvent.Properties.TryGetValue(name, out var value) || value is not ScalarValue { Value: { } raw })
        {
            return;
        }

        if (scope.Length > 0)
        {
            scope.Append(' ');
        }

        scope.Append(prefix).Append(raw);
    }
}
