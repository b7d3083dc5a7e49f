using System.Diagnostics;
using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Daemon;

/// <summary>The daemon's handle on one worker: its process and its end of the socketpair.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Socket _channel;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _exited;
    private bool _killed;

    public WorkerProcess(Process process, Socket channel)
    {
        _process = process;
        _channel = channel;
        Pid = process.Id;
    }

    public int Pid { get; }

    /// <summary>The session this worker serves, once it has been handed a client.</summary>
    public string? SessionId { get; private set; }

    /// <summary>Completes true when the worker reports ready, false if it dies first.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>
    /// Completes true when the worker reports that it has taken the client handed to it (its session
    /// started), false if it dies first: until then the client's descriptor may still sit unread in
    /// the worker's socket, and dies with it.
    /// </summary>
    public Task<bool> Taken => _taken.Task;

    /// <summary>Whether the worker took a client: its exit ends that session, where an untaken client's hand-off is tried again.</summary>
    public bool HasTakenClient => _taken.Task.IsCompletedSuccessfully && _taken.Task.Result;

    /// <summary>Reads the worker's messages until its end closes, then waits for the process and returns its exit status.</summary>
    public async Task<int> RunAsync(Action<WorkerProcess, HandoffMessage> onMessage)
    {
        var buffer = new byte[SeqPacketChannel.MaxMessageBytes];
        try
        {
            while (true)
            {
                var length = await ReceiveReportAsync(buffer);
                if (length == 0)
                {
                    break;
                }

                // SECURITY: a worker runs untrusted sessions; its messages are validated like any input.
                if (!MessageCodec.TryDecode(buffer.AsSpan(0, length), out var message))
                {
                    continue;
                }

                if (message is WorkerReadyMessage)
                {
                    _ready.TrySetResult(true);
                }
                else if (message is SessionStartedMessage started && started.SessionId == SessionId)
                {
                    _taken.TrySetResult(true);
                }

                onMessage(this, message);
            }
        }
        catch (SocketException)
        {
            // The worker died abruptly.
        }
        catch (ObjectDisposedException)
        {
            // The daemon closed the channel.
        }

        _ready.TrySetResult(false);
        _taken.TrySetResult(false);
        await _process.WaitForExitAsync();
        var status = _process.ExitCode;
        _process.Dispose();
        Volatile.Write(ref _exited, true);
        return status;
    }

    /// <summary>
    /// The next report's length, 0 at end of stream. A worker that exits with one of our messages
    /// unread (a kick racing its QUIT) makes Linux report ECONNRESET once, ahead of the reports it
    /// sent before: those are still queued, and reading on gets them, then the end of stream.
    /// </summary>
    private async ValueTask<int> ReceiveReportAsync(byte[] buffer)
    {
        try
        {
            return await _channel.ReceiveAsync(buffer, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return await _channel.ReceiveAsync(buffer, SocketFlags.None);
        }
    }

    /// <summary>Sends the client socket and its session's settings. False if the worker is gone.</summary>
    public bool TryHandOff(Socket client, StartSessionMessage start)
    {
        // Set before sending: the worker's first report may arrive before sendmsg returns.
        SessionId = start.SessionId;
        var fd = (int)client.SafeHandle.DangerousGetHandle();
        var channelFd = (int)_channel.SafeHandle.DangerousGetHandle();
        if (SeqPacketChannel.TrySendWithFd(channelFd, MessageCodec.Encode(start), fd, out _))
        {
            return true;
        }

        SessionId = null;
        return false;
    }

    public bool TrySend(HandoffMessage message)
    {
        try
        {
            _channel.Send(MessageCodec.Encode(message), SocketFlags.None);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Set once the worker's channel has closed (it exited or is exiting).</summary>
    public bool HasExited => Volatile.Read(ref _exited) || (_ready.Task.IsCompleted && !_ready.Task.Result);

    /// <summary>Set once the daemon has killed this worker: its exit status then reports our decision, not a failure.</summary>
    public bool KilledByDaemon => Volatile.Read(ref _killed);

    /// <summary>SIGKILL, by PID: only ever our own child, and only while it has not been reaped.</summary>
    public void Kill()
    {
        Volatile.Write(ref _killed, true);
        EnsureDead();
    }

    /// <summary>
    /// SIGKILL for a worker that has already failed us (its channel refused a hand-off): it is dying
    /// or broken. Its exit status is still its own to report, unlike after <see cref="Kill"/>.
    /// </summary>
    public void EnsureDead()
    {
        if (!Volatile.Read(ref _exited))
        {
            NativeMethods.Kill(Pid, 9);
        }
    }

    /// <summary>Closes our end: an idle worker sees end of stream and exits.</summary>
    public void Dispose() => _channel.Dispose();
}
