using System.Net;
using System.Net.Sockets;

namespace FtpProxy.Tests.Common;

/// <summary>A data connection that has been negotiated but not opened yet.</summary>
public sealed class PreparedData : IDisposable
{
    private readonly IPEndPoint? _passiveTarget;
    private readonly Socket? _listener;

    private PreparedData(IPEndPoint? passiveTarget, Socket? listener)
    {
        _passiveTarget = passiveTarget;
        _listener = listener;
    }

    /// <summary>The endpoint the proxy advertised (passive modes).</summary>
    public IPEndPoint? PassiveTarget => _passiveTarget;

    public static PreparedData Passive(IPEndPoint target) => new(target, null);

    public static PreparedData Active(Socket listener) => new(null, listener);

    /// <summary>Connects (passive) or accepts (active), within the test deadline.</summary>
    public async Task<Socket> OpenAsync()
    {
        if (_listener is not null)
        {
            var accepted = await _listener.AcceptAsync().WaitAsync(TestDeadline.Default).ConfigureAwait(false);
            _listener.Dispose();
            return accepted;
        }

        var socket = new Socket(_passiveTarget!.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_passiveTarget).WaitAsync(TestDeadline.Default).ConfigureAwait(false);
        return socket;
    }

    public void Dispose() => _listener?.Dispose();
}
