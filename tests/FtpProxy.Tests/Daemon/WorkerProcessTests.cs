using System.Diagnostics;
using FtpProxy.Daemon;
using FtpProxy.Handoff;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Daemon;

/// <summary>The daemon's reading of one worker's channel, over a real socketpair and a real process.</summary>
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task WorkerThatExitsWithTheDaemonsKickUnread_StillHasItsLastReportsRead()
    {
        // A kick that races a QUIT: the worker has reported its end and closes its channel without
        // reading the kick. Linux then reports ECONNRESET to the daemon ahead of the reports queued for it.
        SeqPacketChannel.TryCreatePair(out var parentEnd, out var workerEnd, out _).Should().BeTrue();
        var exited = Process.Start("/bin/true")!;
        var pid = exited.Id;
        var worker = new WorkerProcess(exited, SeqPacketChannel.ToSocket(parentEnd));
        SeqPacketChannel.TrySend(workerEnd, MessageCodec.Encode(new WorkerReadyMessage(pid))).Should().BeTrue();
        SeqPacketChannel.TrySend(workerEnd, MessageCodec.Encode(new SessionEndedMessage("client said QUIT"))).Should().BeTrue();
        worker.TrySend(new KickMessage()).Should().BeTrue();
        NativeMethods.Close(workerEnd);

        var received = new List<HandoffMessage>();
        var status = await worker.RunAsync((_, message) => received.Add(message)).WaitAsync(TestDeadline.Default);

        status.Should().Be(0);
        received.Should().Equal(new WorkerReadyMessage(pid), new SessionEndedMessage("client said QUIT"));
        worker.Dispose();
    }
}
