using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>
/// Readiness as RECIPES.md §1 defines it for every server: connect, read lines until one starts with "220 "
/// (pure-ftpd's banner is multi-line "220-…"), send QUIT, close. Polled every 100 ms until a deadline.
/// </summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(3);

    /// <summary>True once the banner arrived; false if <paramref name="exited"/> turned true first.</summary>
    public static async Task<bool> WaitForBannerAsync(IPEndPoint endPoint, Func<bool> exited, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        string lastError = "no attempt";
        while (DateTime.UtcNow < giveUp)
        {
            if (exited())
            {
                return false;
            }

            try
            {
                using var timeout = new CancellationTokenSource(Attempt);
                if (await TryOnceAsync(endPoint, timeout.Token))
                {
                    return true;
                }

                lastError = "connection closed before a \"220 \" line";
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                lastError = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        if (exited())
        {
            return false;
        }

        throw new TimeoutException($"no \"220 \" banner from {endPoint} within {deadline.TotalSeconds:F0} s (last: {lastError})");
    }

    private static async Task<bool> TryOnceAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("220 ", StringComparison.Ordinal))
            {
                await stream.WriteAsync("QUIT\r\n"u8.ToArray(), cancellationToken);
                return true;
            }
        }

        return false;
    }
}
