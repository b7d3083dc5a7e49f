using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Tests.Handoff;

/// <summary>The hand-off channel over a real socketpair: a message that does not fit is refused, not cut.</summary>
public sealed class SeqPacketChannelTests
{
    [Fact]
    public void MessageWithADescriptor_ArrivesWhole_WithTheDescriptor()
    {
        using var pair = new ChannelPair();
        var (parentEnd, workerEnd, passed) = (pair.ParentEnd, pair.WorkerEnd, pair.Passed);

        SeqPacketChannel.TrySendWithFd(parentEnd, [1, 2, 3], (int)passed.Handle, out _).Should().BeTrue();
        var buffer = new byte[16];
        var length = SeqPacketChannel.Receive(workerEnd, buffer, out var receivedFd);

        length.Should().Be(3);
        receivedFd.Should().BeGreaterThan(2);
        NativeMethods.Close(receivedFd);
    }

    [Fact]
    public void MessageLargerThanTheBuffer_IsRefused_AndItsDescriptorClosed()
    {
        using var pair = new ChannelPair();
        var (parentEnd, workerEnd, passed) = (pair.ParentEnd, pair.WorkerEnd, pair.Passed);

        SeqPacketChannel.TrySendWithFd(parentEnd, new byte[64], (int)passed.Handle, out _).Should().BeTrue();
        var length = SeqPacketChannel.Receive(workerEnd, new byte[16], out var receivedFd);

        length.Should().Be(-1, "a message cut to the buffer's size must not be read as if it were whole");
        receivedFd.Should().Be(-1);
        DescriptorsOf(passed).Should().Be(1, "the copy that came with the message is closed, not leaked");
    }

    /// <summary>How many of this process's descriptors refer to <paramref name="socket"/> (the same socket inode).</summary>
    private static int DescriptorsOf(Socket socket)
    {
        var target = new FileInfo($"/proc/self/fd/{socket.Handle}").LinkTarget;
        return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd => new FileInfo(fd).LinkTarget == target);
    }

    /// <summary>Both ends of a real socketpair, owned as sockets, and a socket to pass across it.</summary>
    private sealed class ChannelPair : IDisposable
    {
        private readonly Socket _parent;
        private readonly Socket _worker;

        public ChannelPair()
        {
            SeqPacketChannel.TryCreatePair(out var parentEnd, out var workerEnd, out _).Should().BeTrue();
            (ParentEnd, WorkerEnd) = (parentEnd, workerEnd);
            _parent = SeqPacketChannel.ToSocket(parentEnd);
            _worker = SeqPacketChannel.ToSocket(workerEnd);
        }

        public int ParentEnd { get; }

        public int WorkerEnd { get; }

        public Socket Passed { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public void Dispose()
        {
            Passed.Dispose();
            _worker.Dispose();
            _parent.Dispose();
        }
    }
}
