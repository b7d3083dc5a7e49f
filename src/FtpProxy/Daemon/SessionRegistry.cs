using System.Collections.Concurrent;
using System.Net;

namespace FtpProxy.Daemon;

/// <summary>Live sessions, with the admission limits checked and applied under one lock.</summary>
internal sealed class SessionRegistry(int maxSessions, int maxPerIp)
{
    private readonly ConcurrentDictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private TaskCompletionSource _empty = NewCompletedSignal();

    public int Count => _sessions.Count;

    public IReadOnlyList<SessionRecord> Snapshot() => [.. _sessions.Values.OrderBy(s => s.StartedAt)];

    public SessionRecord? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>
    /// Admits a new session or says which limit it hit. The record's id is <paramref name="id"/>, or a
    /// fresh one if a live session has that id already: a record is never replaced.
    /// </summary>
    public bool TryAdmit(string id, IPEndPoint client, out SessionRecord record, out string refusal)
    {
        var admitted = new SessionRecord(id, client);
        record = admitted;
        lock (_admission)
        {
            if (_sessions.Count >= maxSessions)
            {
                refusal = "Too many sessions on this proxy; try again later.";
                return false;
            }

            // SECURITY: one address cannot take every session (the address is the accepted socket's, not a claim).
            var fromSameAddress = _sessions.Values.Count(s => s.ClientAddress.Equals(admitted.ClientAddress));
            if (fromSameAddress >= maxPerIp)
            {
                refusal = "Too many sessions from your address; try again later.";
                return false;
            }

            if (_sessions.IsEmpty)
            {
                _empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            while (!_sessions.TryAdd(record.Id, record))
            {
                record = new SessionRecord(SessionIds.New(), client);
            }

            refusal = string.Empty;
            return true;
        }
    }

    public void Remove(string id)
    {
        lock (_admission)
        {
            if (_sessions.TryRemove(id, out _) && _sessions.IsEmpty)
            {
                _empty.TrySetResult();
            }
        }
    }

    /// <summary>Completes when no session is left.</summary>
    public Task WhenEmptyAsync()
    {
        lock (_admission)
        {
            return _empty.Task;
        }
    }

    private static TaskCompletionSource NewCompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }
}
