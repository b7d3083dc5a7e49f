using System.Buffers;
using System.Net.Sockets;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Session;

/// <summary>
/// Copies one data connection into the other until end of file (stream mode: the close is the end
/// of the file), then closes the destination's sending side so its reader sees the same end.
/// Outcomes are values (YARP's StreamCopier): a reset is a result, not an exception.
/// </summary>
internal static class DataBridge
{
    /// <summary>256 KiB measured fastest for a socket loop on this machine (docs/benchmarks.md).</summary>
    private const int BufferSize = 256 * 1024;

    public static async Task<(TransferOutcome Outcome, long Bytes)> RelayAsync(
        Socket source, Socket destination, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long total = 0;
        try
        {
            while (true)
            {
                // The idle deadline restarts on every read and every write.
                idle.CancelAfter(idleTimeout);
                var read = await source.ReceiveAsync(buffer, SocketFlags.None, idle.Token);
                if (read == 0)
                {
                    break;
                }

                idle.CancelAfter(idleTimeout);
                await destination.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, idle.Token);
                total += read;
            }

            destination.Shutdown(SocketShutdown.Send);
            return (TransferOutcome.Completed, total);
        }
        catch (OperationCanceledException)
        {
            return (cancellationToken.IsCancellationRequested ? TransferOutcome.Aborted : TransferOutcome.TimedOut, total);
        }
        catch (SocketException)
        {
            return (TransferOutcome.Broken, total);
        }
        catch (ObjectDisposedException)
        {
            return (TransferOutcome.Aborted, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
