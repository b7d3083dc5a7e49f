using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpProxy.Protocol.Addressing;

namespace FtpProxy.Worker;

/// <summary>The scripted client and server the warm-up plays against, on blocking sockets with the warm-up's deadline.</summary>
internal static partial class WarmUp
{
    /// <summary>What a typical client does, ftp-ssl's active-mode default included: login, PWD, TYPE, a passive LIST, an active RETR.</summary>
    private static void PlayClient(Socket client)
    {
        using var owned = client;
        var control = new LineSocket(client);
        control.Expect("220");
        foreach (var (command, reply) in new[] { ("USER warm-up", "331"), ("PASS warm-up", "230"), ("PWD", "257"), ("TYPE I", "200") })
        {
            control.Send(command);
            control.Expect(reply);
        }

        control.Send("EPSV");
        var epsv = control.Expect("229");
        var port = int.Parse(epsv.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture);
        using (var passiveData = NewBlockingSocket())
        {
            passiveData.Connect(new IPEndPoint(IPAddress.Loopback, port));
            control.Send("LIST");
            control.Expect("150");
            Drain(passiveData);
        }

        control.Expect("226");
        using var activeListener = Listen();
        control.Send($"PORT {SixNumberAddress.Format((IPEndPoint)activeListener.LocalEndPoint!)}");
        control.Expect("200");
        control.Send("RETR warm-up");
        control.Expect("150");
        using (var activeData = Accept(activeListener))
        {
            Drain(activeData);
        }

        control.Expect("226");
        control.Send("QUIT");
        control.Expect("221");
    }

    private static void Drain(Socket data)
    {
        var buffer = new byte[64];
        while (data.Receive(buffer, SocketFlags.None) > 0)
        {
        }
    }

    /// <summary>A server that answers whatever the proxy sends it, passive data connections included.</summary>
    private static void ServeUpstream(Socket listener)
    {
        using var socket = Accept(listener);
        var control = new LineSocket(socket);
        control.Send("220 warm-up");
        Socket? passive = null;
        try
        {
            while (true)
            {
                var command = control.Expect(string.Empty);
                var verb = command.Split(' ')[0];
                switch (verb)
                {
                    case "USER":
                        control.Send("331 Password");
                        break;
                    case "PASS":
                        control.Send("230 Logged in");
                        break;
                    case "PWD":
                        control.Send("257 \"/\"");
                        break;
                    case "PASV" or "EPSV":
                        passive?.Dispose();
                        passive = Listen();
                        var endPoint = (IPEndPoint)passive.LocalEndPoint!;
                        control.Send(verb == "EPSV" ? $"229 Entering Extended Passive Mode (|||{endPoint.Port}|)" : $"227 Entering Passive Mode ({SixNumberAddress.Format(endPoint)})");
                        break;
                    case "LIST" or "RETR" when passive is not null:
                        using (var data = Accept(passive))
                        {
                            control.Send("150 Here it comes");
                            data.Send("warm\r\n"u8);
                            data.Shutdown(SocketShutdown.Send);
                        }

                        control.Send("226 Done");
                        break;
                    case "QUIT":
                        control.Send("221 Bye");
                        return;
                    default:
                        control.Send("200 OK");
                        break;
                }
            }
        }
        finally
        {
            passive?.Dispose();
        }
    }

    /// <summary>Just enough line handling for the scripted exchange above, on a blocking socket.</summary>
    private sealed class LineSocket(Socket socket)
    {
        private readonly StringBuilder _pending = new();

        public void Send(string line) => socket.Send(Encoding.ASCII.GetBytes(line + "\r\n"));

        public string Expect(string prefix)
        {
            var buffer = new byte[512];
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf('\n', StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    var line = text[..end].TrimEnd('\r');
                    return line.StartsWith(prefix, StringComparison.Ordinal)
                        ? line
                        : throw new IOException($"warm-up expected {prefix}, got {line}");
                }

                var read = socket.Receive(buffer, SocketFlags.None);
                if (read == 0)
                {
                    throw new IOException("warm-up peer closed");
                }

                _pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
    }
}
