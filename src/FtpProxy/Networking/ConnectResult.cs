using System.Net.Sockets;

namespace FtpProxy.Networking;

/// <summary>A connection attempt's outcome: a connected socket, or why there is none.</summary>
internal readonly record struct ConnectResult(Socket? Socket, string Error)
{
    public bool Succeeded => Socket is not null;

    public static ConnectResult Failed(string error) => new(null, error);
}
