using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FtpProxy.Tests.Common;

/// <summary>One control connection of the <see cref="FakeFtpServer"/>. Transfers run in the background so ABOR can interrupt them.</summary>
internal sealed class FakeServerSession(FakeFtpServer server, Socket control, CancellationToken stop)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TelnetLineReader _reader = new(control);
    private Socket? _passiveListener;
    private IPEndPoint? _activeTarget;
    private long _restartOffset;
    private Task<bool>? _transfer;
    private CancellationTokenSource? _transferCancel;
    private volatile Socket? _data;

    private FakeServerQuirks Quirks => server.Quirks;

    public async Task RunAsync()
    {
        control.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.OutOfBandInline, true);
        try
        {
            if (!await GreetAsync().ConfigureAwait(false))
            {
                return;
            }

            while (await _reader.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
            {
                server.ReceivedCommands.Enqueue(line);
                if (!await HandleAsync(line).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer went away or the server is stopping.
        }
        finally
        {
            if (!Quirks.CloseControlDuringTransfer)
            {
                // A closed control connection aborts the transfer, as most servers do; a server that
                // closed it itself mid-transfer carries on with the data (the server's stop still cancels it).
                _transferCancel?.Cancel();
            }

            if (_transfer is not null)
            {
                await _transfer.ConfigureAwait(false);
            }

            _passiveListener?.Dispose();
            control.Dispose();
        }
    }

    private async Task<bool> GreetAsync()
    {
        if (Quirks.GreetingRefusalCode is { } refusal)
        {
            await ReplyAsync($"{refusal} Too many users, try later.").ConfigureAwait(false);
            return false;
        }

        if (Quirks.Greeting120First)
        {
            await ReplyAsync("120 Service ready in 0 minutes.").ConfigureAwait(false);
        }

        await ReplyAsync(Quirks.MultilineGreeting
            ? "220-Welcome to the fake server\r\n220-You are user number 1\r\n220 Ready."
            : "220 Fake FTP server ready.").ConfigureAwait(false);
        return true;
    }

    private async Task<bool> HandleAsync(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? string.Empty : line[(space + 1)..];
        switch (verb)
        {
            case "USER":
                await ReplyAsync(argument == "anonymous-fast" ? "230 Logged in without password." : "331 Password required.").ConfigureAwait(false);
                break;
            case "PASS":
                await ReplyAsync(argument == "wrong" ? "530 Login incorrect." : "230-Welcome.\r\n230 Logged in.").ConfigureAwait(false);
                break;
            case "SYST":
                await ReplyAsync("215 UNIX Type: L8").ConfigureAwait(false);
                break;
            case "PWD":
                await ReplyAsync("257 \"/\" is the current directory").ConfigureAwait(false);
                break;
            case "CWD" or "TYPE" or "MODE" or "STRU" or "NOOP" or "OPTS":
                await ReplyAsync("200 OK.").ConfigureAwait(false);
                break;
            case "FEAT":
                var tls = Quirks.FeatListsTls ? "\r\n AUTH TLS\r\n PBSZ\r\n PROT" : string.Empty;
                await ReplyAsync($"211-Features:\r\n EPSV\r\n MDTM\r\n REST STREAM\r\n SIZE{tls}\r\n UTF8\r\n211 End").ConfigureAwait(false);
                break;
            case "SIZE":
                await ReplyAsync(server.Files.TryGetValue(argument, out var sized)
                    ? $"213 {sized.Length.ToString(CultureInfo.InvariantCulture)}"
                    : "550 No such file.").ConfigureAwait(false);
                break;
            case "HELP":
                // A long multi-line reply (as a server's HELP or STAT can be): 512 KiB, under the proxy's 1 MiB bound.
                await ReplyAsync("214-Help follows.\r\n" + string.Concat(Enumerable.Repeat(" " + new string('h', 1020) + "\r\n", 512)) + "214 End.").ConfigureAwait(false);
                break;
            case "MKD":
                // As vsftpd and ProFTPD answer: the path echoed, its quotes doubled (RFC 959 appendix II).
                await ReplyAsync($"257 \"{argument.Replace("\"", "\"\"", StringComparison.Ordinal)}\" created").ConfigureAwait(false);
                break;
            case "REST":
                _restartOffset = long.Parse(argument, CultureInfo.InvariantCulture);
                await ReplyAsync($"350 Restarting at {argument}.").ConfigureAwait(false);
                break;
            case "PASV" or "EPSV":
                await OpenPassiveAsync(verb).ConfigureAwait(false);
                break;
            case "PORT" or "EPRT":
                _activeTarget = verb == "PORT" ? ParsePort(argument) : ParseEprt(argument);
                await ReplyAsync(_activeTarget is null ? "501 Bad address." : $"200 {verb} command successful.").ConfigureAwait(false);
                break;
            case "RETR" or "STOR" or "APPE" or "LIST" or "NLST" or "MLSD" when Quirks.IgnoreTransferCommands:
                break;
            case "RETR" or "STOR" or "APPE" or "LIST" or "NLST" or "MLSD":
                await StartTransferAsync(verb, argument).ConfigureAwait(false);
                break;
            case "ABOR":
                await AbortAsync().ConfigureAwait(false);
                break;
            case "QUIT":
                await ReplyAsync("221 Goodbye.").ConfigureAwait(false);
                return false;
            default:
                await ReplyAsync($"502 {verb} not implemented.").ConfigureAwait(false);
                break;
        }

        return true;
    }

    private async Task OpenPassiveAsync(string verb)
    {
        if (verb == "EPSV" && Quirks.RefuseEpsv)
        {
            await ReplyAsync("500 EPSV not understood.").ConfigureAwait(false);
            return;
        }

        _passiveListener?.Dispose();
        var local = ((IPEndPoint)control.LocalEndPoint!).Address;
        _passiveListener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _passiveListener.Bind(new IPEndPoint(local, 0));
        _passiveListener.Listen(1);
        var port = ((IPEndPoint)_passiveListener.LocalEndPoint!).Port;
        if (verb == "EPSV")
        {
            await ReplyAsync($"229 Entering Extended Passive Mode (|||{port}|)").ConfigureAwait(false);
            return;
        }

        var advertised = Quirks.PasvAdvertisedAddress ?? local;
        var numbers = $"{advertised.ToString().Replace('.', ',')},{port >> 8},{port & 0xFF}";
        await ReplyAsync(Quirks.PasvWithoutParentheses
            ? $"227 Entering Passive Mode {numbers}"
            : $"227 Entering Passive Mode ({numbers}).").ConfigureAwait(false);
    }

    private async Task StartTransferAsync(string verb, string argument)
    {
        if (verb == "RETR" && !server.Files.ContainsKey(argument))
        {
            await ReplyAsync("550 No such file.").ConfigureAwait(false);
            return;
        }

        if (_passiveListener is null && _activeTarget is null)
        {
            await ReplyAsync("425 Use PORT or PASV first.").ConfigureAwait(false);
            return;
        }

        var listener = _passiveListener;
        var target = _activeTarget;
        var offset = _restartOffset;
        _passiveListener = null;
        _activeTarget = null;
        _restartOffset = 0;
        _transferCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var token = _transferCancel.Token;
        await ReplyAsync($"{Quirks.TransferStartCode} Opening data connection.").ConfigureAwait(false);
        _transfer = Task.Run(() => TransferAsync(verb, argument, listener, target, offset, token));
    }

    /// <summary>Returns true when it sent the completion reply itself, false when interrupted (ABOR answers then).</summary>
    private async Task<bool> TransferAsync(string verb, string name, Socket? listener, IPEndPoint? target, long offset, CancellationToken token)
    {
        Socket? data = null;
        try
        {
            if (listener is not null)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadline.CancelAfter(TimeSpan.FromSeconds(20));
                data = await listener.AcceptAsync(deadline.Token).ConfigureAwait(false);
                listener.Dispose();
            }
            else
            {
                data = new Socket(target!.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await data.ConnectAsync(target, token).ConfigureAwait(false);
            }

            _data = data;

            if (Quirks.CloseControlDuringTransfer)
            {
                if (Quirks.Announce421BeforeClosing)
                {
                    await ReplyAsync("421 Server shutting down.").ConfigureAwait(false);
                }

                control.Shutdown(SocketShutdown.Send);
            }

            switch (verb)
            {
                case "RETR":
                    var content = server.Files[name];
                    await data.SendAsync(content.AsMemory((int)Math.Min(offset, content.Length)), SocketFlags.None, token).ConfigureAwait(false);
                    break;
                case "LIST" or "NLST" or "MLSD":
                    var listing = new StringBuilder();
                    foreach (var (file, bytes) in server.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                    {
                        listing.Append(verb == "NLST"
                            ? $"{file}\r\n"
                            : $"-rw-r--r--   1 ftp ftp {bytes.Length,12} Jan 01 00:00 {file}\r\n");
                    }

                    await data.SendAsync(Encoding.Latin1.GetBytes(listing.ToString()), SocketFlags.None, token).ConfigureAwait(false);
                    break;
                default:
                    using (var received = new MemoryStream())
                    {
                        if (verb == "APPE" && server.Files.TryGetValue(name, out var existing))
                        {
                            received.Write(existing);
                        }

                        var buffer = new byte[64 * 1024];
                        int read;
                        while ((read = await data.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false)) > 0)
                        {
                            received.Write(buffer, 0, read);
                        }

                        server.Files[name] = received.ToArray();
                    }

                    break;
            }

            var complete = Quirks.MultilineTransferComplete
                ? "226-File successfully transferred\r\n226 0.001 seconds (measured here)"
                : "226 Transfer complete.";
            if (Quirks.FloodRepliesBeforeDataClose)
            {
                await ReplyAsync(complete).ConfigureAwait(false);
                await FloodAsync(token).ConfigureAwait(false);
                data.Dispose();
                data = null;
            }
            else if (Quirks.CompleteBeforeDataClose)
            {
                await ReplyAsync(complete).ConfigureAwait(false);
                data.Shutdown(SocketShutdown.Send);
                data.Dispose();
                data = null;
            }
            else
            {
                data.Shutdown(SocketShutdown.Send);
                data.Dispose();
                data = null;
                if (!Quirks.WithholdTransferCompletion)
                {
                    await ReplyAsync(complete).ConfigureAwait(false);
                }
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            data?.Dispose();
            await TryReplyAsync("426 Connection closed; transfer aborted.").ConfigureAwait(false);
            return false;
        }
    }

    private async Task AbortAsync()
    {
        // A download's data connection that is readable with nothing to read has ended (a FIN or a
        // reset): the ABOR came after the data connection was taken away, not while it still ran.
        if (_data is { } data && IsEnded(data))
        {
            server.CountAbortAfterTheDataConnectionEnded();
        }

        if (_transfer is { } transfer)
        {
            _transferCancel!.Cancel();
            await transfer.ConfigureAwait(false);
            _transfer = null;
        }

        await ReplyAsync("226 ABOR command successful.").ConfigureAwait(false);
    }

    private static bool IsEnded(Socket data)
    {
        try
        {
            return data.Poll(0, SelectMode.SelectRead) && data.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Writes whole "200" lines until a write stalls for three seconds or the limit is reached.</summary>
    private async Task FloodAsync(CancellationToken token)
    {
        var chunk = Encoding.Latin1.GetBytes(string.Concat(Enumerable.Repeat("200 flood\r\n", 6000)));
        for (long written = 0; written < FakeFtpServer.FloodLimitBytes; written += chunk.Length)
        {
            var send = control.SendAsync(chunk, SocketFlags.None, token).AsTask();
            server.FloodBytesWritten = written;
            if (await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(3), token)).ConfigureAwait(false) != send)
            {
                // Left to finish once the proxy reads again; nothing else writes on this connection meanwhile.
                server.FloodStalled = true;
                break;
            }

            await send.ConfigureAwait(false);
        }

        server.FloodEnded = true;
    }

    private async Task TryReplyAsync(string text)
    {
        try
        {
            await ReplyAsync(text).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The control connection is gone too.
        }
    }

    private async Task ReplyAsync(string text)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await control.SendAsync(Encoding.Latin1.GetBytes(text + "\r\n"), SocketFlags.None).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static IPEndPoint? ParsePort(string argument)
    {
        var parts = argument.Split(',');
        if (parts.Length != 6)
        {
            return null;
        }

        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new IPEndPoint(new IPAddress([(byte)n[0], (byte)n[1], (byte)n[2], (byte)n[3]]), (n[4] << 8) | n[5]);
    }

    private static IPEndPoint? ParseEprt(string argument)
    {
        var fields = argument.Split(argument[0]);
        return fields.Length == 5 && IPAddress.TryParse(fields[2], out var address)
            ? new IPEndPoint(address, int.Parse(fields[3], CultureInfo.InvariantCulture))
            : null;
    }
}
