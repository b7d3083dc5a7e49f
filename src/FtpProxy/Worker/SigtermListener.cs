using System.Net.Sockets;
using System.Runtime.InteropServices;
using FtpProxy.Handoff;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;

namespace FtpProxy.Worker;

/// <summary>
/// SIGTERM, heard from the worker's start and acted on only once its daemon is gone. While the
/// daemon lives it decides when sessions end (its drain), and `systemctl stop` signals the whole
/// group, so the session ignores the signal. Once the daemon has died nobody will end the session
/// on a shutdown, so a SIGTERM (systemd stopping the unit, an administrator's kill) ends it as the
/// daemon's shutdown would, with a 421. Listening from the start matters: systemd sends its
/// SIGTERM the moment the daemon dies, often before the worker has read the end of its channel, and
/// an ignored signal would be lost. The signal arrives on the runtime's signal thread and waits,
/// as one byte on a socketpair, until the session looks (<see cref="DaemonLink"/>).
/// </summary>
internal sealed class SigtermListener : IDisposable
{
    private static readonly TerminationRequested SigtermRequest = new(ProxyReplies.ShuttingDown, "SIGTERM with the daemon gone");

    private readonly Socket _readEnd;
    private readonly Socket _writeEnd;
    private PosixSignalRegistration? _registration;

    private SigtermListener(Socket readEnd, Socket writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
    }

    /// <summary>Readable once a SIGTERM has arrived.</summary>
    public Socket Socket => _readEnd;

    /// <summary>
    /// Starts listening; null if it cannot (no socketpair, no signal thread), and SIGTERM is then
    /// ignored for good, as before there was a listener: the daemon's drain still ends the session.
    /// </summary>
    public static SigtermListener? TryStart()
    {
        if (!SeqPacketChannel.TryCreatePair(out var readFd, out var writeFd, out _))
        {
            NativeMethods.IgnoreSignal(NativeMethods.SigTerm);
            return null;
        }

        var listener = new SigtermListener(SeqPacketChannel.ToSocket(readFd), SeqPacketChannel.ToSocket(writeFd));
        listener._readEnd.Blocking = false;
        listener._writeEnd.Blocking = false; // the signal thread never waits on us
        try
        {
            // .NET leaves an ignored signal ignored, so the disposition goes back to the default first:
            // a SIGTERM in the moment before the handler is in place ends a worker that has no client yet.
            NativeMethods.DefaultSignal(NativeMethods.SigTerm);
            listener._registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, listener.OnSigterm);
            return listener;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            listener.Dispose();
            return null;
        }
    }

    /// <summary>The contract of <see cref="ITerminationSource.TryRead"/>: a request once a SIGTERM has come, none before.</summary>
    public bool TryRead(out TerminationRequested? request)
    {
        Span<byte> signal = stackalloc byte[1];
        var length = _readEnd.Receive(signal, SocketFlags.None, out var error);
        request = error == SocketError.Success && length > 0 ? SigtermRequest : null;
        return error is SocketError.Success or SocketError.WouldBlock;
    }

    private void OnSigterm(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            // A full pair already holds a SIGTERM: one more byte would say nothing new.
            _writeEnd.Send([(byte)NativeMethods.SigTerm], SocketFlags.None, out _);
        }
        catch (ObjectDisposedException)
        {
            // The worker is past its session and tearing down.
        }
    }

    /// <summary>Back to ignoring SIGTERM, so a late one cannot cut the worker's last log lines short.</summary>
    public void Dispose()
    {
        _registration?.Dispose();
        NativeMethods.IgnoreSignal(NativeMethods.SigTerm);
        _writeEnd.Dispose();
        _readEnd.Dispose();
    }
}
