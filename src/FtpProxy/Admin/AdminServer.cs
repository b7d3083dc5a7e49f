using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FtpProxy.Daemon;
using Serilog;

namespace FtpProxy.Admin;

/// <summary>
/// The admin endpoint: a Unix socket, owner-only, answering `list` and `kick` (`ftpproxy sessions`);
/// stopping the daemon is SIGTERM, not an admin request.
/// </summary>
internal sealed class AdminServer : IDisposable
{
    private const int MaxRequestBytes = 4096;

    /// <summary>Requests served at once; each has its own 5 s deadline, so a silent client holds one slot, not the socket.</summary>
    private const int MaxConcurrentRequests = 16;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentRequests);

    private readonly Socket _socket;
    private readonly string _path;
    private readonly AdminSocketFile.Identity? _file;
    private readonly WorkerSessionHost _host;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private AdminServer(Socket socket, string path, WorkerSessionHost host, ILogger log)
    {
        _socket = socket;
        _path = path;
        _file = AdminSocketFile.Identify(path);
        _host = host;
        _log = log;
        _loop = AcceptLoopAsync();
    }

    public string Path => _path;

    /// <param name="chosenPath">The path given with --admin-socket; null for the default (and a refusal then suggests passing one).</param>
    public static AdminServer? TryStart(string? chosenPath, WorkerSessionHost host, ILogger log, out string error)
    {
        var path = chosenPath ?? AdminSocketPath.Default();
        var hint = chosenPath is null ? " (pass --admin-socket)" : string.Empty;
        if (AdminSocketPath.Problem(path) is { } problem)
        {
            error = problem;
            return null;
        }

        // SECURITY: /tmp is shared. Only a socket of our own may be replaced, and only when nobody listens on it.
        switch (AdminSocketFile.Inspect(path, out var owner))
        {
            case AdminSocketFile.Kind.NotASocket:
                error = $"{path} exists and is not a socket; not replacing it{hint}";
                return null;
            case AdminSocketFile.Kind.ForeignSocket:
                error = $"admin socket {path} belongs to another user (uid {owner}); not using it{hint}";
                return null;
            case AdminSocketFile.Kind.OwnSocket when AdminClient.IsSomeoneListening(path):
                error = $"admin socket {path} is in use by another ftpproxy{hint}";
                return null;
            case AdminSocketFile.Kind.OwnSocket:
                // A stale socket file from a daemon that was killed.
                if (!TryDelete(path, out var reason))
                {
                    error = $"cannot remove the stale admin socket {path}: {reason}";
                    return null;
                }

                break;
        }

        if (AdminSocketBinding.TryBind(path, out var bindError) is not { } socket)
        {
            error = $"cannot create admin socket {path}: {bindError}";
            return null;
        }

        try
        {
            // SECURITY: owner-only. SO_PEERCRED below also closes the window between bind and chmod.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(64);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket.Dispose();
            _ = TryDelete(path, out _); // the file bind made a moment ago
            error = $"cannot create admin socket {path}: {Describe(e)}";
            return null;
        }

        error = string.Empty;
        return new AdminServer(socket, path, host, log);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(5));

        // SECURITY: only the file this daemon bound. Once it was removed, another daemon (another
        // user's, for a daemon running as root) may have bound the path since, and deleting its
        // socket would leave that daemon unreachable by `ftpproxy sessions`.
        if (_file is not null && AdminSocketFile.Identify(_path) == _file)
        {
            _ = TryDelete(_path, out _);
        }

        _stop.Dispose();
    }

    private static bool TryDelete(string path, out string reason)
    {
        try
        {
            File.Delete(path);
            reason = string.Empty;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = Describe(e);
            return false;
        }
    }

    /// <summary>
    /// An error for a person to read. The build uses system resource keys (less memory per process),
    /// so a BCL exception's message is a key such as "UnauthorizedAccess_IODenied_Path"; a socket's
    /// comes from the OS and reads well.
    /// </summary>
    private static string Describe(Exception e) => e switch
    {
        SocketException socket => socket.Message,
        UnauthorizedAccessException => "permission denied",
        _ => "input/output error",
    };

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                await _slots.WaitAsync(_stop.Token);
                connection = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAndReleaseAsync(connection);
        }
    }

    private async Task ServeAndReleaseAsync(Socket connection)
    {
        try
        {
            using (connection)
            {
                await ServeAsync(connection);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        // SECURITY: only our own user (or root) may list or kick sessions.
        if (!PeerCredentials.IsOwnUserOrRoot(connection, out var uid))
        {
            _log.Warning("SECURITY: refused an admin connection from another user (uid {Uid})", uid);
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        try
        {
            while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                var read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var response = Handle(buffer.AsSpan(0, length));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, AdminJsonContext.Default.AdminResponse);
            await connection.SendAsync(bytes, SocketFlags.None, deadline.Token);
            connection.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // A client that left or stalled.
        }
    }

    private AdminResponse Handle(ReadOnlySpan<byte> requestBytes)
    {
        // An empty request (a connection that said nothing) is common, and no JSON: answered without the parser's exception.
        var line = requestBytes.TrimEnd("\r\n"u8).Trim(" \t"u8);
        AdminRequest? request = null;
        if (!line.IsEmpty)
        {
            try
            {
                request = JsonSerializer.Deserialize(line, AdminJsonContext.Default.AdminRequest);
            }
            catch (JsonException)
            {
                // Not JSON: answered as an unknown request.
            }
        }

        switch (request?.Command)
        {
            case "list":
                var sessions = _host.Registry.Snapshot()
                    .Select(s => new SessionInfo(s.Id, s.Pid, s.Client.ToString(), s.User, s.State, s.StartedAt, s.Bytes))
                    .ToList();
                return new AdminResponse(true, Sessions: sessions);
            case "kick" when request.Id is { } id:
                if (!_host.Kick(id))
                {
                    return new AdminResponse(false, Error: $"no session with id {id}");
                }

                _log.Information("Session {SessionId} kicked by the administrator", id);
                return new AdminResponse(true);
            default:
                return new AdminResponse(false, Error: "unknown request");
        }
    }

}
