using System.Net.Sockets;
using System.Runtime.InteropServices;
using FtpProxy.Handoff;
using FtpProxy.Protocol.Translation;
using FtpProxy.Session;

namespace FtpProxy.Worker;

/// <summary>
/// SIGTERM for a worker whose daemon is gone. A worker ignores SIGTERM while its daemon lives: the
/// daemon decides when sessions end (its drain), and `systemctl stop` signals the whole group. Once
/// the daemon has died nobody will end the session on a shutdown, so a SIGTERM (systemd stopping
/// the unit, an administrator's kill) ends it as the daemon's shutdown would, with a 421. The
/// signal arrives on the runtime's signal thread and reaches the session's poll loop as one byte
/// on a socketpair, read like a request from the daemon.
/// </summary>
internal sealed class OrphanSignals : IDisposable
{
    private static readonly TerminationRequested SigtermRequest = new(ProxyReplies.ShuttingDown, "SIGTERM with the daemon gone");

    private readonly Socket _readEnd;
    private readonly Socket _writeEnd;
    private readonly PosixSignalRegistration _registration;

    private OrphanSignals(Socket readEnd, Socket writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
        // .NET leaves an ignored signal ignored, so the disposition goes back to the default first; a
        // SIGTERM in the microseconds between the two simply ends the process, as it would any other.
        NativeMethods.DefaultSignal(NativeMethods.SigTerm);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
    }

    /// <summary>The socket to watch: readable once a SIGTERM has arrived.</summary>
    public Socket Socket => _readEnd;

    /// <summary>Starts listening for SIGTERM; null if the socketpair cannot be had (the session then carries on deaf to it).</summary>
    public static OrphanSignals? TryListen()
    {
        if (!SeqPacketChannel.TryCreatePair(out var readFd, out var writeFd, out _))
        {
            return null;
        }

        var readEnd = SeqPacketChannel.ToSocket(readFd);
        readEnd.Blocking = false;
        return new OrphanSignals(readEnd, SeqPacketChannel.ToSocket(writeFd));
    }

    /// <summary>The same contract as <see cref="ITerminationSource.TryRead"/>: a request once a SIGTERM has come, none before.</summary>
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
        _writeEnd.Send([(byte)NativeMethods.SigTerm], SocketFlags.None, out _);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _writeEnd.Dispose();
        _readEnd.Dispose();
    }
}
