using FtpProxy.Logging;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Session;

/// <summary>Carries out what the translator decided, in order; results of synchronous I/O go straight back to it.</summary>
internal sealed partial class ProxySession
{
    private static readonly byte[] TelnetInterruptAndSynch = [Telnet.Iac, Telnet.InterruptProcess, Telnet.Iac];
    private static readonly byte[] DataMarkAndAbort = [Telnet.DataMark, (byte)'A', (byte)'B', (byte)'O', (byte)'R', (byte)'\r', (byte)'\n'];

    private void Execute(IReadOnlyList<ProxyAction> actions)
    {
        var translator = _translator!;
        var data = _data!;
        var work = new Queue<ProxyAction>(actions);
        while (work.TryDequeue(out var action))
        {
            switch (action)
            {
                case SendUpstream send:
                    LogCommand("P>", send.Line);
                    if (!_upstreamControl!.Write(LineEncoder.EncodeLine(send.Line)))
                    {
                        EnqueueAll(work, translator.OnUpstreamClosed());
                    }

                    break;
                case SendUpstreamAbort:
                    // RFC 959 4.1.3: IP, then the Synch (IAC as urgent data, DM inline), then ABOR — as netkit ftp sends it.
                    _log.Debug("P> ABOR (with Telnet IP and Synch)");
                    var sent = _upstreamControl!.Write(TelnetInterruptAndSynch, System.Net.Sockets.SocketFlags.OutOfBand)
                        && _upstreamControl.Write(DataMarkAndAbort);
                    if (!sent)
                    {
                        EnqueueAll(work, translator.OnUpstreamClosed());
                    }

                    break;
                case ReplyToClient reply:
                    LogReply("C<", reply.Reply);
                    if (!_clientControl!.Write(LineEncoder.EncodeLines(reply.Reply.Lines)))
                    {
                        // The client is gone (or stopped reading): no more of its input is taken, but
                        // what it asked for still runs to its end, as for a client that closed.
                        _clientControl.StopReading();
                        EnqueueAll(work, translator.OnClientGone("client connection lost"));
                    }

                    break;
                case ConnectUpstreamData connect:
                    data.BeginConnectUpstream(connect.Port, connect.ReportedAddress);
                    break;
                case OpenUpstreamListener:
                    EnqueueAll(work, translator.OnUpstreamListenerOpened(data.OpenUpstreamListener()));
                    break;
                case OpenClientListener:
                    EnqueueAll(work, translator.OnClientListenerOpened(data.OpenClientListener()));
                    break;
                case StartTransfer transfer:
                    _observer.TransferStarted(transfer.Command.Verb, LineEncoder.ToDisplay(transfer.Command.Argument));
                    data.StartTransfer(transfer);
                    _progress.Restart();
                    break;
                case AbortTransfer:
                    data.AbortTransfer();
                    break;
                case ReleaseDataChannels:
                    data.ReleasePrepared();
                    break;
                case UserLoggedIn login:
                    var user = LineEncoder.ToDisplay(login.User);
                    _log = _log.ForContext(LogProperties.User, user);
                    _log.Information("Logged in");
                    _observer.LoggedIn(user);
                    break;
                case CloseSession close:
                    End(close.Reason);
                    break;
            }
        }
    }

    private static void EnqueueAll(Queue<ProxyAction> work, IReadOnlyList<ProxyAction> more)
    {
        foreach (var action in more)
        {
            work.Enqueue(action);
        }
    }

    // The control traffic at Debug. The level is checked first: parsing, masking and decoding a
    // line is work every command and reply would otherwise pay with Debug off.
    private void LogCommand(string direction, string line)
    {
        if (_log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
        {
            _log.Debug("{Direction} {Command}", direction, LogSafe(line));
        }
    }

    private void LogReply(string direction, Protocol.Replies.FtpReply reply)
    {
        if (_log.IsEnabled(Serilog.Events.LogEventLevel.Debug))
        {
            _log.Debug("{Direction} {Reply}", direction, LineEncoder.ToDisplay(reply.Lines[0]));
        }
    }

    private void LogTransfer(TransferReport report)
    {
        if (report.Path.Length == 0)
        {
            // LIST and NLST often name no path: no stray space before the colon.
            _log.Information(
                "Transfer {Command}: {Outcome}, {Bytes} bytes in {Seconds:F3} s",
                report.Verb,
                report.Outcome,
                report.Bytes,
                report.Duration.TotalSeconds);
            return;
        }

        _log.Information(
            "Transfer {Command} {Path}: {Outcome}, {Bytes} bytes in {Seconds:F3} s",
            report.Verb,
            LineEncoder.ToDisplay(report.Path),
            report.Outcome,
            report.Bytes,
            report.Duration.TotalSeconds);
    }

    /// <summary>A line as it may be logged: PASS and ACCT masked.</summary>
    private static string LogSafe(string line) =>
        FtpCommand.TryParse(line, out var command) ? command.ToLogString() : "(unparsable line)";
}
