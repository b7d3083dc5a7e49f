using System.Net.Sockets;
using FtpProxy.Handoff;
using FtpProxy.Session;

namespace FtpProxy.Worker;

/// <summary>Tells the daemon what the session does, for its registry. A parent that is gone is ignored: the session goes on.</summary>
internal sealed class ParentReporter(Socket channel) : ISessionObserver
{
    private readonly Lock _sendLock = new();

    public void Send(HandoffMessage message)
    {
        var bytes = MessageCodec.Encode(message);
        lock (_sendLock)
        {
            try
            {
                channel.Send(bytes, SocketFlags.None);
            }
            catch (SocketException)
            {
                // The parent died; sessions outlive it by design.
            }
            catch (ObjectDisposedException)
            {
                // The worker is exiting.
            }
        }
    }

    public void LoggedIn(string user) => Send(new LoggedInMessage(user));

    public void TransferStarted(string verb, string path) => Send(new TransferStartedMessage(verb, path));

    public void TransferDone(TransferReport report) => Send(new TransferDoneMessage(
        report.Verb, Protocol.Framing.TelnetEncoder.ToDisplay(report.Path), report.Bytes, report.Duration.TotalSeconds, report.Outcome.ToString()));

    public void Ended(string reason) => Send(new SessionEndedMessage(reason));
}
