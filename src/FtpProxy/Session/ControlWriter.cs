using System.Net.Sockets;

namespace FtpProxy.Session;

/// <summary>Writes to a control connection with a deadline; a peer that went away is a false return, not an exception.</summary>
internal sealed class ControlWriter(Socket socket, TimeSpan timeout)
{
    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, SocketFlags flags = SocketFlags.None)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.SendAsync(bytes, flags, deadline.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
