using System.Net.Sockets;
using FtpProxy.Handoff;

namespace FtpProxy.Tests.Handoff;

/// <summary>The hand-off channel over a real socketpair: a message that does not fit is refused, not cut.</summary>
public sealed class SeqPacketChannelTests
{
    [Fact]
    public void MessageWithADescriptor_ArrivesWhole_WithTheDescriptor()
    {
        SeqPacketChannel.TryCreatePair(out var parentEnd, out var workerEnd, out _).Should().BeTrue();
        using var parent = SeqPacketChannel.ToSocket(parentEnd);
        using var worker = SeqPacketChannel.ToSocket(workerEnd);
        using var passed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

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
        SeqPacketChannel.TryCreatePair(out var parentEnd, out var workerEnd, out _).Should().BeTrue();
        using var parent = SeqPacketChannel.ToSocket(parentEnd);
        using var worker = SeqPacketChannel.ToSocket(workerEnd);
        using var passed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

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
}
