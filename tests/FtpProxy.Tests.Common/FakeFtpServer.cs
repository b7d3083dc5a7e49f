using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Tests.Common;

/// <summary>
/// A small FTP server over real loopback sockets, with an in-memory file system and switchable
/// quirks. Independent of the proxy's own parsing code so the two cannot share a bug.
/// </summary>
public sealed class FakeFtpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentBag<Task> _sessions = [];

    public FakeFtpServer(FakeServerQuirks? quirks = null, IPAddress? bindAddress = null)
    {
        Quirks = quirks ?? new FakeServerQuirks();
        var address = bindAddress ?? IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, 0));
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync();
    }

    public FakeServerQuirks Quirks { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Files by name; tests put and read contents here.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command line received, in order, across sessions (PASS shown as is: it is a test).</summary>
    public ConcurrentQueue<string> ReceivedCommands { get; } = new();

    private bool _floodStalled;
    private bool _floodEnded;
    private long _floodBytesWritten;

    public int SessionsAccepted => _sessionCount;

    /// <summary>Where <see cref="FakeServerQuirks.FloodRepliesBeforeDataClose"/> gives up if the proxy never stops reading.</summary>
    public const long FloodLimitBytes = 64L * 1024 * 1024;

    /// <summary>Set when a flood's write made no progress for three seconds: the proxy applied backpressure.</summary>
    public bool FloodStalled { get => Volatile.Read(ref _floodStalled); set => Volatile.Write(ref _floodStalled, value); }

    /// <summary>How much of the flood the proxy (and the kernel's socket buffers) took before it stalled or ended.</summary>
    /// <summary>ABORs that arrived after their transfer's data connection had already ended (servers such as pure-ftpd then never answer them).</summary>
    public int AbortsAfterTheDataConnectionEnded => Volatile.Read(ref _abortsAfterTheDataConnectionEnded);

    internal void CountAbortAfterTheDataConnectionEnded() => Interlocked.Increment(ref _abortsAfterTheDataConnectionEnded);

    private int _abortsAfterTheDataConnectionEnded;

    public long FloodBytesWritten { get => Volatile.Read(ref _floodBytesWritten); set => Volatile.Write(ref _floodBytesWritten, value); }

    /// <summary>Set when a flood ended, stalled or not.</summary>
    public bool FloodEnded { get => Volatile.Read(ref _floodEnded); set => Volatile.Write(ref _floodEnded, value); }

    private int _sessionCount;

    public bool ReceivedVerb(string verb) =>
        ReceivedCommands.Any(c => c.Split(' ')[0].Equals(verb, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_sessions).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _sessionCount);
            var session = new FakeServerSession(this, client, _stop.Token);
            _sessions.Add(Task.Run(session.RunAsync));
        }
    }
}
