using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FtpProxy.Admin;

/// <summary>The `ftpproxy sessions` side of the admin socket.</summary>
internal static class AdminClient
{
    public static bool IsSomeoneListening(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Sends one request; null with an error when no daemon answers.</summary>
    /// <param name="chosenPath">The path given with --admin-socket; null for the default (which may be in the shared /tmp).</param>
    public static async Task<(AdminResponse? Response, string Error)> SendAsync(string? chosenPath, AdminRequest request)
    {
        var path = chosenPath ?? AdminSocketPath.Default();
        if (AdminSocketPath.Problem(path) is { } problem)
        {
            return (null, problem);
        }

        switch (AdminSocketFile.Inspect(path, out _))
        {
            case AdminSocketFile.Kind.Missing:
                return (null, $"no ftpproxy daemon: {path} does not exist (is the daemon running, with this --admin-socket?)");
            case AdminSocketFile.Kind.NotASocket:
                return (null, $"{path} is not a socket; no ftpproxy daemon there");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token);

            // SECURITY: at the default path, which may be in the shared /tmp, anyone may have bound it
            // first: talk only to our own user's daemon (or root's). A path the user chose is trusted
            // as far as its owner: root managing a daemon that runs as a service user (sudo ftpproxy
            // sessions list --admin-socket /run/ftpproxy/ftpproxy.sock) is the usual case.
            if (!PeerCredentials.IsOwnUserOrRoot(socket, out var uid) && !(chosenPath is not null && IsOwnedBy(path, uid)))
            {
                return (null, $"the admin socket {path} is served by another user (uid {uid}); not talking to it");
            }

            var line = JsonSerializer.Serialize(request, AdminJsonContext.Default.AdminRequest) + "\n";
            await socket.SendAsync(Encoding.UTF8.GetBytes(line), SocketFlags.None, deadline.Token);
            using var received = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            if (received.Length == 0)
            {
                return (null, ClosedWithoutAnswer(path));
            }

            var response = JsonSerializer.Deserialize(received.ToArray(), AdminJsonContext.Default.AdminResponse);
            return response is null ? (null, "empty answer from the daemon") : (response, string.Empty);
        }
        catch (SocketException e)
        {
            return (null, Describe(path, e.SocketErrorCode));
        }
        catch (OperationCanceledException)
        {
            return (null, $"the daemon on {path} did not answer in time");
        }
        catch (JsonException)
        {
            return (null, "the daemon's answer could not be read");
        }
    }

    /// <summary>What a failed connection or exchange means, in words: the error codes alone misled (a missing file read as AddressNotAvailable).</summary>
    private static string Describe(string path, SocketError error) => error switch
    {
        SocketError.ConnectionRefused => $"no ftpproxy daemon listens on {path} (a socket file left by a daemon that was killed)",
        SocketError.AccessDenied => $"permission denied on {path}: only its owner may use it (run as the daemon's user, or root)",
        SocketError.ConnectionReset or SocketError.Shutdown => ClosedWithoutAnswer(path),
        _ => $"no ftpproxy daemon answers on {path} ({error})",
    };

    private static string ClosedWithoutAnswer(string path) =>
        $"the daemon on {path} closed the connection without answering (it answers only its own user and root)";

    private static bool IsOwnedBy(string path, uint uid) =>
        AdminSocketFile.Inspect(path, out var owner) is AdminSocketFile.Kind.OwnSocket or AdminSocketFile.Kind.ForeignSocket && owner == uid;
}
