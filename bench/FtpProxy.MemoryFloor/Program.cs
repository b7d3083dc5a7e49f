using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using FtpProxy.MemoryFloor;
using Serilog;

// What each part of the required stack costs a process that does almost nothing else: run with a
// comma-separated list of parts, then read its USS (bench/floor.sh). "none" is the bare runtime.
var parts = args.Length > 0 ? args[0].Split(',') : [];
if (parts.Contains("sockets"))
{
    await Parts.SocketRoundTripsAsync();
}

if (parts.Contains("blocking"))
{
    Parts.BlockingSocketRoundTrips();
}

if (parts.Contains("channels"))
{
    await Parts.ChannelRoundTripsAsync();
}

if (parts.Contains("serilog"))
{
    Parts.LogThroughSerilog();
}

if (parts.Contains("json"))
{
    Parts.JsonRoundTrip();
}

Console.Out.WriteLine("ready");
Console.Out.Flush();
Thread.Sleep(Timeout.Infinite);

namespace FtpProxy.MemoryFloor
{
    internal static class Parts
    {
        public static async Task SocketRoundTripsAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var connecting = client.ConnectAsync(listener.LocalEndPoint!);
            using var server = await listener.AcceptAsync();
            await connecting;
            var buffer = new byte[64];
            for (var i = 0; i < 5; i++)
            {
                await client.SendAsync(buffer.AsMemory(0, 8));
                await server.ReceiveAsync(buffer.AsMemory());
            }
        }

        /// <summary>The same round trips with synchronous sockets and a thread: no socket engine, no thread pool.</summary>
        public static void BlockingSocketRoundTrips()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            using var server = listener.Accept();
            var echo = new Thread(() =>
            {
                var echoed = new byte[64];
                int read;
                while ((read = server.Receive(echoed)) > 0)
                {
                    server.Send(echoed, 0, read, SocketFlags.None);
                }
            });
            echo.Start();
            var buffer = new byte[64];
            for (var i = 0; i < 5; i++)
            {
                client.Send(buffer, 0, 8, SocketFlags.None);
                client.Receive(buffer);
            }

            client.Shutdown(SocketShutdown.Send);
            echo.Join();
        }

        public static async Task ChannelRoundTripsAsync()
        {
            var channel = Channel.CreateBounded<int>(16);
            for (var i = 0; i < 5; i++)
            {
                await channel.Writer.WriteAsync(i);
                await channel.Reader.ReadAsync();
            }
        }

        public static void LogThroughSerilog()
        {
            using var log = new LoggerConfiguration()
                .WriteTo.Console(
                    outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {Message:l}{NewLine}",
                    standardErrorFromLevel: Serilog.Events.LevelAlias.Minimum,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
            for (var i = 0; i < 3; i++)
            {
                log.ForContext("SessionId", "0a1b2c3d").Information("Logged in as {User} from {Client}", "bench", "127.0.0.1:40000");
            }
        }

        public static void JsonRoundTrip()
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes<Message>(new Start("0a1b2c3d", 300), FloorJsonContext.Default.Message);
            _ = JsonSerializer.Deserialize(bytes, FloorJsonContext.Default.Message);
        }
    }

    [System.Text.Json.Serialization.JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
    [System.Text.Json.Serialization.JsonDerivedType(typeof(Start), "start")]
    internal abstract record Message;

    internal sealed record Start(string Id, int Seconds) : Message;

    [System.Text.Json.Serialization.JsonSerializable(typeof(Message))]
    internal sealed partial class FloorJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
}
