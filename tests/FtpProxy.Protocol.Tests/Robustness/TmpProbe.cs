using System.Net;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Tests.Support;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Protocol.Tests.Robustness;

public sealed class TmpProbe
{
    [Fact]
    public void Probe()
    {
        var counts = new Dictionary<string, int>();
        foreach (var seed in new[] { 1, 2, 3, 20240607, 8675309 })
        {
            var random = new RandomInput(seed);
            for (var run = 0; run < 200; run++)
            {
                var active = random.Chance(30);
                var translator = new ControlTranslator(new TranslatorSettings(TranslatorDriver.ClientAddress, active ? UpstreamDataMode.Active : UpstreamDataMode.Passive));
                var assembler = new ReplyAssembler();
                for (var step = 0; step < 200 && !translator.IsClosed; step++)
                {
                    IReadOnlyList<ProxyAction> actions;
                    var pick = random.Next(100);
                    if (pick < 40) { actions = translator.OnClientLine(random.ClientLine()); }
                    else if (pick < 75)
                    {
                        var all = new List<ProxyAction>();
                        foreach (var line in random.ReplyLines())
                        {
                            if (assembler.Add(line, out var reply) == ReplyStatus.Complete) { all.AddRange(translator.OnUpstreamReply(reply!)); }
                        }
                        actions = all;
                    }
                    else
                    {
                        actions = random.Next(8) switch
                        {
                            0 => translator.OnUpstreamDataConnected(random.Chance(80)),
                            1 => translator.OnClientListenerOpened(random.Chance(90) ? new IPEndPoint(IPAddress.Parse("198.51.100.1"), random.Next(1024, 65536)) : null),
                            2 => translator.OnUpstreamListenerOpened(random.Pick(new IPEndPoint?[] { new(IPAddress.Parse("198.51.100.1"), random.Next(1024, 65536)), new(IPAddress.Parse("2001:db8::1"), random.Next(1024, 65536)), null })),
                            3 => translator.OnTransferFinished((TransferOutcome)random.Next(6)),
                            4 => translator.OnClientLineRejected(random.Chance(50) ? FrameStatus.LineTooLong : FrameStatus.LineContainsNul),
                            5 when random.Chance(10) => translator.OnUpstreamClosed(),
                            6 when random.Chance(5) => translator.OnTerminate(ProxyReplies.IdleTimeout, "idle"),
                            _ => translator.OnClientLine("ABOR"),
                        };
                    }
                    foreach (var a in actions)
                    {
                        var k = a switch { ReplyToClient r => "reply " + r.Reply.Code, SendUpstream s => "up " + s.Line.Split(' ')[0], _ => a.GetType().Name };
                        counts[k] = counts.GetValueOrDefault(k) + 1;
                    }
                    if (translator.IsTransferring) { counts["transferring"] = counts.GetValueOrDefault("transferring") + 1; }
                }
            }
        }
        File.WriteAllLines("/tmp/probe.txt", counts.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}"));
    }
}
