using System.Threading.Channels;

namespace FtpProxy.Session;

/// <summary>
/// Reads the session's three event streams in priority order: I/O results first, then the server,
/// then the client, and the client only while the translator can take more commands.
/// </summary>
internal sealed class SessionEventSource(
    ChannelReader<SessionEvent> io, ChannelReader<SessionEvent> upstream, ChannelReader<SessionEvent> client)
{
    private readonly Source _io = new(io);
    private readonly Source _upstream = new(upstream);
    private readonly Source _client = new(client);

    public async Task<SessionEvent> NextAsync(bool acceptClientInput)
    {
        while (true)
        {
            if (_io.TryRead(out var next) || _upstream.TryRead(out next) || (acceptClientInput && _client.TryRead(out next)))
            {
                return next;
            }

            var waits = new List<Task>(3);
            _io.AddWait(waits);
            _upstream.AddWait(waits);
            if (acceptClientInput)
            {
                _client.AddWait(waits);
            }

            await Task.WhenAny(waits);
            _io.Settle();
            _upstream.Settle();
            _client.Settle();
        }
    }

    /// <summary>One channel and its outstanding wait, kept across calls so no wait is ever abandoned.</summary>
    private sealed class Source(ChannelReader<SessionEvent> reader)
    {
        private Task<bool>? _wait;
        private bool _completed;

        public bool TryRead(out SessionEvent next)
        {
            next = null!;
            return !_completed && reader.TryRead(out next!);
        }

        public void AddWait(List<Task> waits)
        {
            if (_completed)
            {
                return;
            }

            _wait ??= reader.WaitToReadAsync().AsTask();
            waits.Add(_wait);
        }

        public void Settle()
        {
            if (_wait is { IsCompleted: true } wait)
            {
                _wait = null;
                _completed = !wait.IsCompletedSuccessfully || !wait.Result;
            }
        }
    }
}
