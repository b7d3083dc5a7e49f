using System.Runtime.InteropServices;
using System.Text;
using FtpProxy.Handoff;

namespace FtpProxy.Logging;

/// <summary>
/// Standard error as a stream of plain write(2) calls, without System.Console. Not a FileStream:
/// on a regular file a FileStream writes at its own idea of the offset (pwrite) and would overwrite
/// the daemon's lines when stderr is redirected to a file; write(2) appends at the shared offset.
/// </summary>
internal sealed unsafe class StandardError : Stream
{
    private const int StandardErrorDescriptor = 2;

    private readonly int _descriptor;
    private readonly SafeHandle? _ownedDescriptor;

    private StandardError(int descriptor, SafeHandle? ownedDescriptor)
    {
        _descriptor = descriptor;
        _ownedDescriptor = ownedDescriptor;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// A writer on fd 2. The sink flushes after each event, so each log line leaves in one write()
    /// and lines from the daemon and its workers do not interleave mid-line.
    /// </summary>
    public static TextWriter OpenWriter() => NewWriter(new StandardError(StandardErrorDescriptor, ownedDescriptor: null));

    /// <summary>
    /// The same write(2) path into /dev/null. A worker's warm-up logs through it, so its first real
    /// log line finds that path compiled and the P/Invoke bound instead of paying for both while a
    /// client waits for its 220.
    /// </summary>
    public static TextWriter OpenDiscardingWriter()
    {
        var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        return NewWriter(new StandardError((int)devNull.DangerousGetHandle(), devNull));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* bytes = buffer)
            {
                written = NativeMethods.Write(_descriptor, bytes, (nuint)buffer.Length);
            }

            if (written < 0)
            {
                if (Marshal.GetLastPInvokeError() == NativeMethods.EIntr)
                {
                    continue;
                }

                throw new IOException($"cannot write to standard error (errno {Marshal.GetLastPInvokeError()})");
            }

            buffer = buffer[(int)written..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedDescriptor?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static StreamWriter NewWriter(StandardError stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
}
