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
    private const int Descriptor = 2;

    private StandardError()
    {
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
    public static TextWriter OpenWriter() =>
        new StreamWriter(new StandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* bytes = buffer)
            {
                written = NativeMethods.Write(Descriptor, bytes, (nuint)buffer.Length);
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

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
