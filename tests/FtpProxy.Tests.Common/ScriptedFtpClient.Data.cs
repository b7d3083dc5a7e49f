using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Tests.Common;

/// <summary>Data connections of the scripted client, in each of the four modes.</summary>
public sealed partial class ScriptedFtpClient
{
    /// <summary>Sets up a data connection; returns how to open it once the transfer command is sent.</summary>
    public async Task<PreparedData> PrepareDataAsync(DataMode mode)
    {
        switch (mode)
        {
            case DataMode.Pasv or DataMode.Epsv:
                var reply = await CommandAsync(mode == DataMode.Pasv ? "PASV" : "EPSV").ConfigureAwait(false);
                reply.Code.Should().Be(mode == DataMode.Pasv ? 227 : 229, "the proxy must accept {0}: {1}", mode, reply);
                return PreparedData.Passive(ParsePassiveReply(reply));
            default:
                var local = LocalEndPoint.Address;
                var listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(local, 0));
                listener.Listen(1);
                var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
                var command = mode == DataMode.Port
                    ? $"PORT {local.ToString().Replace('.', ',')},{port >> 8},{port & 0xFF}"
                    : string.Create(CultureInfo.InvariantCulture, $"EPRT |{(local.AddressFamily == AddressFamily.InterNetworkV6 ? 2 : 1)}|{local}|{port}|");
                var accepted = await CommandAsync(command).ConfigureAwait(false);
                accepted.Code.Should().Be(200, "the proxy must accept {0}: {1}", command, accepted);
                return PreparedData.Active(listener);
        }
    }

    /// <summary>Runs a download-type command (RETR, LIST, NLST) end to end.</summary>
    public async Task<TransferResult> DownloadAsync(DataMode mode, string command)
    {
        var prepared = await PrepareDataAsync(mode).ConfigureAwait(false);
        await SendAsync(command).ConfigureAwait(false);
        var preliminary = await ReadReplyAsync().ConfigureAwait(false);
        preliminary.IsPreliminary.Should().BeTrue("{0} should start with 1xx, got {1}", command, preliminary);
        using var data = await prepared.OpenAsync().ConfigureAwait(false);
        var bytes = await ReadToEndAsync(data).ConfigureAwait(false);
        var completion = await ReadReplyAsync().ConfigureAwait(false);
        return new TransferResult(preliminary, bytes, completion);
    }

    /// <summary>
    /// Starts a download (150 expected) and reads its first <paramref name="headBytes"/>: for tests
    /// that act while the data is still flowing. The rest is read with <see cref="ReadToEndAsync"/>.
    /// </summary>
    public async Task<(Socket Data, byte[] Head)> StartDownloadAsync(DataMode mode, string command, int headBytes)
    {
        var prepared = await PrepareDataAsync(mode).ConfigureAwait(false);
        await SendAsync(command).ConfigureAwait(false);
        (await ReadReplyAsync().ConfigureAwait(false)).Code.Should().Be(150);
        var data = await prepared.OpenAsync().ConfigureAwait(false);
        return (data, await ReadToEndAsync(data, limit: headBytes).ConfigureAwait(false));
    }

    /// <summary>Runs an upload-type command (STOR, APPE) end to end.</summary>
    public async Task<TransferResult> UploadAsync(DataMode mode, string command, byte[] content)
    {
        var prepared = await PrepareDataAsync(mode).ConfigureAwait(false);
        await SendAsync(command).ConfigureAwait(false);
        var preliminary = await ReadReplyAsync().ConfigureAwait(false);
        preliminary.IsPreliminary.Should().BeTrue("{0} should start with 1xx, got {1}", command, preliminary);
        using (var data = await prepared.OpenAsync().ConfigureAwait(false))
        {
            await data.SendAsync(content, SocketFlags.None).WaitAsync(TestDeadline.Default).ConfigureAwait(false);
            data.Shutdown(SocketShutdown.Send);
        }

        var completion = await ReadReplyAsync().ConfigureAwait(false);
        return new TransferResult(preliminary, [], completion);
    }

    public static async Task<byte[]> ReadToEndAsync(Socket data, int? limit = null)
    {
        using var received = new MemoryStream();
        var buffer = new byte[256 * 1024];
        using var deadline = new CancellationTokenSource(TestDeadline.Default);
        while (limit is null || received.Length < limit)
        {
            var want = limit is null ? buffer.Length : (int)Math.Min(buffer.Length, limit.Value - received.Length);
            var read = await data.ReceiveAsync(buffer.AsMemory(0, want), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }
}
