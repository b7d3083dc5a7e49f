using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>
/// Closing a control connection without a reset. A socket closed with input it never read makes
/// the kernel send a reset, and a reset discards the final reply still in our send queue (and
/// Windows clients drop what they had received). So, as Apache's lingering close does: end the
/// sending side first (<see cref="SendingSide.TryEnd"/>), then read and drop what the peer still
/// sends until its end of file, a deadline or a byte limit, and only then close.
/// </summary>
internal static class LingeringClose
{
    /// <summary>How long a peer that does not close gets; a client closes as soon as it reads our end of file.</summary>
    public static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(2);

    /// <summary>What a peer may still send before we close anyway (and it gets its reset).</summary>
    public const int MaxDroppedBytes = 1024 * 1024;

    /// <param name="socket">Its sending side already ended; disposed on return.</param>
    public static void Close(Socket socket)
    {
        using (socket)
        {
            var deadline = Poller.DeadlineAfter(LingerTime);
            var poller = new Poller();
            var scratch = new byte[4096];
            var dropped = 0;
            while (dropped < MaxDroppedBytes)
            {
                poller.Clear();
                var slot = poller.WatchReadable(socket);
                poller.Wait(deadline);
                if (!poller.IsReady(slot))
                {
                    return; // the deadline passed
                }

                var read = socket.Receive(scratch, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    continue;
                }

                if (error != SocketError.Success || read == 0)
                {
                    return; // the peer's end of file, or its reset
                }

                dropped += read;
            }
        }
    }
}
