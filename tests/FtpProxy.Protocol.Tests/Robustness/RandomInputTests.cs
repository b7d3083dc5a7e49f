using System.Net;
using FtpProxy.Protocol.Addressing;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Tests.Support;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Protocol.Tests.Robustness;

/// <summary>
/// Seeded random input into every parser and into the translator: nothing throws, and the bounds hold.
/// A failure names its seed, so it replays exactly.
/// </summary>
public sealed class RandomInputTests
{
    private const int Runs = 200;

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 20240607, 8675309 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomBytes_IntoTheFramer_NeverThrow_AndEveryLineIsWithinTheCap(int seed)
    {
        var random = new RandomInput(seed);
        for (var run = 0; run < Runs; run++)
        {
            var input = random.Bytes(random.Chance(10) ? 3 * FtpLimits.MaxLineLength : 600);
            foreach (var (cap, rejectNul) in new[] { (FtpLimits.MaxLineLength, true), (16, false) })
            {
                LineFramer Create() => new(cap, rejectNul);
                var whole = FramerDriver.Whole(input, Create);
                foreach (var frame in whole.Frames)
                {
                    if (frame.StartsWith("Line:", StringComparison.Ordinal))
                    {
                        var line = frame["Line:".Length..];
                        line.Length.Should().BeLessThanOrEqualTo(cap, $"seed {seed} run {run}");
                        line.Should().NotContain("\n");
                        if (rejectNul)
                        {
                            line.Should().NotContain("\0");
                        }
                    }
                }

                var chunks = new List<int>();
                for (var left = input.Length; left > 0;)
                {
                    var chunk = Math.Min(left, random.Next(1, 50));
                    chunks.Add(chunk);
                    left -= chunk;
                }

                var chunked = FramerDriver.FeedInChunks(input, chunks, Create);
                chunked.Frames.Should().Equal(whole.Frames, $"seed {seed} run {run}: chunking must not matter");
                chunked.HasPartialLine.Should().Be(whole.HasPartialLine);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLines_EncodedAndFramed_ComeBackUnchanged(int seed)
    {
        var random = new RandomInput(seed);
        for (var run = 0; run < Runs; run++)
        {
            var line = random.Text(random.Chance(5) ? FtpLimits.MaxLineLength : 200).Replace("\0", "0", StringComparison.Ordinal);
            var framer = new LineFramer();
            var frames = new List<string>();
            FramerDriver.Feed(framer, LineEncoder.EncodeLine(line), frames);
            frames.Should().Equal(["Line:" + line], $"seed {seed} run {run}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLines_IntoTheReplyAssembler_NeverThrow_AndRepliesAreWellFormed(int seed)
    {
        var random = new RandomInput(seed);
        var assembler = new ReplyAssembler(maxReplyBytes: 2000);
        for (var run = 0; run < Runs * 10; run++)
        {
            var lines = random.Chance(50) ? random.ReplyLines(maxTextLength: 500) : [random.Text(80)];
            foreach (var line in lines)
            {
                var wasInside = assembler.IsInsideReply;
                var status = assembler.Add(line, out var reply);
                if (status == ReplyStatus.Complete)
                {
                    reply.Should().NotBeNull();
                    reply!.Code.Should().BeInRange(100, 599);
                    reply.Lines.Should().NotBeEmpty();
                    reply.Lines[0].Should().StartWith(reply.Code.ToString());
                    reply.Lines[^1].Should().StartWith(reply.Code.ToString());
                    reply.Lines.Sum(l => l.Length + 2).Should().BeLessThanOrEqualTo(2000 + 2);
                    assembler.IsInsideReply.Should().BeFalse();
                }
                else
                {
                    reply.Should().BeNull();
                }

                if (status == ReplyStatus.NotAReply || status == ReplyStatus.TooLarge)
                {
                    assembler.IsInsideReply.Should().BeFalse();
                }

                if (status == ReplyStatus.TooLarge)
                {
                    wasInside.Should().BeTrue();
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLines_IntoTheCommandParser_NeverThrow_AndParsedCommandsRoundTrip(int seed)
    {
        var random = new RandomInput(seed);
        for (var run = 0; run < Runs * 5; run++)
        {
            var line = random.Chance(50) ? random.ClientLine() : random.Text(40);
            if (!FtpCommand.TryParse(line, out var command))
            {
                continue;
            }

            command.Verb.Length.Should().BeInRange(1, FtpLimits.MaxVerbLength);
            command.Verb.Should().MatchRegex("^[A-Z][A-Z0-9]*$");
            command.ToWireLine().Length.Should().BeLessThanOrEqualTo(line.Length);
            FtpCommand.TryParse(command.ToWireLine(), out var again).Should().BeTrue();
            again.Verb.Should().Be(command.Verb);
            again.Argument.Should().Be(command.Argument);
            var logged = command.ToLogString();
            if (command.Verb is "PASS" or "ACCT")
            {
                logged.Should().Be(command.Verb + " ****");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomText_IntoTheAddressParsers_NeverThrows_AndEveryAnswerIsExplained(int seed)
    {
        var random = new RandomInput(seed);
        for (var run = 0; run < Runs * 5; run++)
        {
            var six = random.Chance(50) ? random.SixNumbers() : random.Text(40);
            if (SixNumberAddress.TryParsePortArgument(six, out var port, out var reason))
            {
                reason.Should().BeEmpty();
                port.Port.Should().BeInRange(1, 65535);
                SixNumberAddress.TryParsePortArgument(SixNumberAddress.Format(port), out var again, out _).Should().BeTrue();
                again.Should().Be(port);
            }
            else
            {
                reason.Should().NotBeNullOrWhiteSpace($"\"{six}\" was refused");
            }

            var pasv = random.Text(20) + (random.Chance(50) ? $"({random.SixNumbers()})" : random.Text(20));
            if (SixNumberAddress.TryParsePassiveReply(pasv, out var passive, out reason))
            {
                passive.Port.Should().BeInRange(1, 65535);
            }
            else
            {
                reason.Should().NotBeNullOrWhiteSpace($"\"{pasv}\" was refused");
            }

            var eprt = random.Chance(70) ? random.EprtArgument() : random.Text(30);
            if (ExtendedAddress.TryParseEprtArgument(eprt, out var extended, out reason))
            {
                reason.Should().BeEmpty();
                extended.Port.Should().BeInRange(1, 65535);
                ExtendedAddress.TryParseEprtArgument(ExtendedAddress.FormatEprtArgument(extended), out var again, out _).Should().BeTrue();
            }
            else
            {
                reason.Should().NotBeNullOrWhiteSpace($"\"{eprt}\" was refused");
            }

            var epsv = random.Text(10) + (random.Chance(50) ? $"(|||{random.Number()}|)" : random.Text(20));
            if (ExtendedAddress.TryParseExtendedPassiveReply(epsv, out var epsvPort, out reason))
            {
                epsvPort.Should().BeInRange(1, 65535);
            }
            else
            {
                reason.Should().NotBeNullOrWhiteSpace($"\"{epsv}\" was refused");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomFeatReplies_AreRewrittenIntoOneWellFormedReply(int seed)
    {
        var random = new RandomInput(seed);
        var features = new[] { " AUTH TLS", " PBSZ", " PROT", " EPSV", " EPRT", " MDTM", " SIZE", "UTF8", " auth ssl", " CCC" };
        for (var run = 0; run < Runs; run++)
        {
            var body = Enumerable.Range(0, random.Next(6)).Select(_ => random.Chance(80) ? random.Pick(features) : random.Text(20)).ToList();
            var lines = random.Chance(10) ? ["211 No features"] : new[] { "211-Features:" }.Concat(body).Append("211 End").ToArray();
            var rewritten = FeatFilter.Rewrite(new FtpReply(211, lines));

            var assembler = new ReplyAssembler();
            var statuses = rewritten.Lines.Select(line => assembler.Add(line, out _)).ToArray();
            statuses[^1].Should().Be(ReplyStatus.Complete, $"seed {seed} run {run}: {rewritten}");
            statuses[..^1].Should().OnlyContain(s => s == ReplyStatus.NeedMoreLines, $"seed {seed} run {run}: {rewritten}");
            var names = rewritten.Lines.Skip(1).SkipLast(1).Select(l => l.TrimStart(' ').Split(' ')[0].ToUpperInvariant()).ToList();
            names.Should().NotContain(["AUTH", "PBSZ", "PROT", "CCC"]);
            names.Should().Contain("EPRT").And.Contain("EPSV");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomSessions_IntoTheTranslator_NeverThrow_AndKeepTheirInvariants(int seed)
    {
        var random = new RandomInput(seed);
        var seen = new HashSet<Type>();
        for (var run = 0; run < Runs; run++)
        {
            var active = random.Chance(30);
            var settings = new TranslatorSettings(TranslatorDriver.ClientAddress, active ? UpstreamDataMode.Active : UpstreamDataMode.Passive);
            var translator = new ControlTranslator(settings);
            var assembler = new ReplyAssembler();
            var context = $"seed {seed} run {run}";

            // What a plausible server still owes, in order; random replies are mixed in to break the script.
            var owed = new Queue<string[]>();
            owed.Enqueue(random.Chance(90) ? ["220 Ready"] : random.ReplyLines());

            for (var step = 0; step < 300 && !translator.IsClosed; step++)
            {
                var actions = new List<ProxyAction>();
                var pick = random.Next(100);
                if (pick < 35)
                {
                    actions.AddRange(translator.OnClientLine(random.ClientLine()));
                }
                else if (pick < 75)
                {
                    var lines = owed.Count > 0 && random.Chance(85) ? owed.Dequeue() : random.ReplyLines();
                    foreach (var line in lines)
                    {
                        if (assembler.Add(line, out var reply) == ReplyStatus.Complete)
                        {
                            actions.AddRange(translator.OnUpstreamReply(reply!));
                        }
                    }
                }
                else
                {
                    actions.AddRange(random.Next(9) switch
                    {
                        0 or 1 => translator.OnUpstreamDataConnected(random.Chance(90)),
                        2 => translator.OnClientListenerOpened(random.Chance(90) ? new IPEndPoint(IPAddress.Parse("198.51.100.1"), random.Next(1024, 65536)) : null),
                        3 => translator.OnUpstreamListenerOpened(random.Pick(new IPEndPoint?[]
                        {
                            new(IPAddress.Parse("198.51.100.1"), random.Next(1024, 65536)),
                            new(IPAddress.Parse("198.51.100.1"), random.Next(1024, 65536)),
                            new(IPAddress.Parse("2001:db8::1"), random.Next(1024, 65536)),
                            null,
                        })),
                        4 or 5 => translator.OnTransferFinished(random.Chance(70) ? TransferOutcome.Completed : (TransferOutcome)random.Next(6)),
                        6 => translator.OnClientLineRejected(random.Chance(50) ? FrameStatus.LineTooLong : FrameStatus.LineContainsNul),
                        7 when random.Chance(3) => translator.OnUpstreamClosed(),
                        7 when random.Chance(3) => translator.OnTerminate(ProxyReplies.IdleTimeout, "idle"),
                        _ => translator.OnClientLine("ABOR"),
                    });
                }

                CheckInvariants(actions, active, context);
                translator.IsClosed.Should().Be(actions.Any(a => a is CloseSession), context);
                seen.UnionWith(actions.Select(a => a.GetType()));
                foreach (var action in actions)
                {
                    if (action is SendUpstream send)
                    {
                        foreach (var reply in random.PlausibleReplies(send.Line))
                        {
                            owed.Enqueue(reply);
                        }
                    }
                    else if (action is SendUpstreamAbort)
                    {
                        foreach (var reply in random.PlausibleReplies("ABOR"))
                        {
                            owed.Enqueue(reply);
                        }
                    }
                }
            }

            // Once closed, the translator answers nothing.
            if (translator.IsClosed)
            {
                translator.OnClientLine("NOOP").Should().BeEmpty(context);
                translator.OnUpstreamReply(FtpReply.Create(200, "late")).Should().BeEmpty(context);
            }
        }

        // The random sessions must reach every kind of action, or they test little.
        seen.Should().Contain([
            typeof(SendUpstream), typeof(SendUpstreamAbort), typeof(ReplyToClient), typeof(ConnectUpstreamData),
            typeof(OpenUpstreamListener), typeof(OpenClientListener), typeof(StartTransfer), typeof(AbortTransfer),
            typeof(ReleaseDataChannels), typeof(UserLoggedIn), typeof(CloseSession),
        ]);
    }

    private static void CheckInvariants(List<ProxyAction> actions, bool upstreamActive, string context)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            switch (actions[i])
            {
                case ReplyToClient reply:
                    reply.Reply.Code.Should().BeInRange(100, 599, context);
                    reply.Reply.Lines.Should().NotBeEmpty(context);
                    reply.Reply.Lines.Should().OnlyContain(l => l.Length <= FtpLimits.MaxLineLength && !l.Contains('\n'), context);
                    break;
                case SendUpstream send:
                    send.Line.Length.Should().BeLessThanOrEqualTo(FtpLimits.MaxLineLength, context);
                    send.Line.Should().NotContain("\n", context);
                    // SECURITY: the client's own data-setup and TLS commands never reach the server.
                    var verb = send.Line.Split(' ')[0];
                    new[] { "AUTH", "PBSZ", "PROT", "CCC", "LPRT", "LPSV", "SPSV" }.Should().NotContain(verb, context);
                    if (!upstreamActive)
                    {
                        new[] { "PORT", "EPRT" }.Should().NotContain(verb, context);
                    }

                    break;
                case ConnectUpstreamData connect:
                    connect.Port.Should().BeInRange(1, 65535, context);
                    break;
                case StartTransfer start when start.ActiveTarget is { } target:
                    // SECURITY: no FTP bounce: an active transfer only ever goes back to the client, above 1023.
                    target.Address.Should().Be(TranslatorDriver.ClientAddress, context);
                    target.Port.Should().BeGreaterThanOrEqualTo(FtpLimits.MinimumClientDataPort, context);
                    break;
                case CloseSession:
                    i.Should().Be(actions.Count - 1, $"{context}: nothing may follow CloseSession");
                    break;
            }
        }
    }
}
