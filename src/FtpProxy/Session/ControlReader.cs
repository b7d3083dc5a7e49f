using System.Net.Sockets;
using System.Threading.Channels;
using FtpProxy.Protocol;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Session;

/// <summary>
/// The two read loops of a session: client bytes become command lines, server bytes become whole
/// replies. Each writes into a small bounded channel, so a peer that floods the proxy is simply not
/// read any further until the session catches up.
/// </summary>
internal static class ControlReader
{
    private const int ReadBufferSize = 4096;

    public static async Task RunClientAsync(Socket socket, ChannelWriter<SessionEvent> events, CancellationToken cancellationToken)
    {
        var framer = new TelnetLineFramer(FtpLimits.MaxLineLength, rejectNul: true);
        await PumpAsync(
            socket,
            framer,
            async (status, line) =>
            {
                await events.WriteAsync(new ClientLineArrived(status, line), cancellationToken);
                return true;
            },
            cancellationToken);
        events.TryWrite(new ClientClosed());
        events.TryComplete();
    }

    public static async Task RunUpstreamAsync(Socket socket, ChannelWriter<SessionEvent> events, CancellationToken cancellationToken)
    {
        var framer = new TelnetLineFramer(FtpLimits.MaxLineLength, rejectNul: false);
        var assembler = new ReplyAssembler();
        var tooLarge = false;
        await PumpAsync(
            socket,
            framer,
            async (status, line) =>
            {
                // A line over the cap, or a reply over its bound, ends the session (bounded memory).
                FtpReply? reply = null;
                var assembled = status == FrameStatus.Line ? assembler.Add(line, out reply) : ReplyStatus.TooLarge;
                tooLarge = assembled == ReplyStatus.TooLarge;
                if (tooLarge)
                {
                    await events.WriteAsync(new UpstreamReplyTooLarge(), cancellationToken);
                }
                else if (assembled == ReplyStatus.Complete)
                {
                    await events.WriteAsync(new UpstreamReplyArrived(reply!), cancellationToken);
                }

                return !tooLarge;
            },
            cancellationToken);
        if (!tooLarge)
        {
            events.TryWrite(new UpstreamClosed());
        }

        events.TryComplete();
    }

    /// <summary>Reads until the peer closes, the socket fails, or <paramref name="onLine"/> says stop.</summary>
    private static async Task PumpAsync(
        Socket socket, TelnetLineFramer framer, Func<FrameStatus, string, ValueTask<bool>> onLine, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBufferSize];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                var input = buffer.AsMemory(0, read);
                while (input.Length > 0)
                {
                    var status = framer.Read(input.Span, out var consumed, out var line);
                    input = input[consumed..];
                    if (status != FrameStatus.NeedMoreData && !await onLine(status, line))
                    {
                        return;
                    }
                }
            }
        }
        catch (SocketException)
        {
            // Reset or abort by the peer: the session sees it as a close.
        }
        catch (OperationCanceledException)
        {
            // The session is ending.
        }
        catch (ObjectDisposedException)
        {
            // The socket was closed under us by the session's teardown.
        }
        catch (ChannelClosedException)
        {
            // The session stopped listening.
        }
    }
}
