using System.Globalization;
using System.Net;
using FtpProxy.Protocol.Framing;
using FtpProxy.Protocol.Replies;
using FtpProxy.Protocol.Translation;

namespace FtpProxy.Protocol.Tests.Support;

/// <summary>
/// Drives a <see cref="ControlTranslator"/> the way a session would, without sockets: client lines,
/// server lines (assembled into replies by a real <see cref="ReplyAssembler"/>) and host events go in,
/// and the actions come back both as records and as short text for order checks.
/// </summary>
internal sealed class TranslatorDriver
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("192.0.2.7");

    private readonly ReplyAssembler _assembler = new();

    public TranslatorDriver(TranslatorSettings? settings = null)
    {
        Translator = new ControlTranslator(settings ?? new TranslatorSettings(ClientAddress));
    }

    public ControlTranslator Translator { get; }

    /// <summary>A translator past the greeting and the login, with nothing in flight.</summary>
    public static TranslatorDriver LoggedIn(TranslatorSettings? settings = null)
    {
        var driver = new TranslatorDriver(settings);
        driver.Server("220 Ready");
        driver.Client("USER bob");
        driver.Server("331 Password");
        driver.Client("PASS secret");
        driver.Server("230 Logged in");
        driver.Translator.IsIdle.Should().BeTrue();
        return driver;
    }

    public IReadOnlyList<ProxyAction> Client(string line) => Translator.OnClientLine(line);

    /// <summary>Feeds server lines; every reply they complete goes to the translator, and all actions are returned in order.</summary>
    public IReadOnlyList<ProxyAction> Server(params string[] lines)
    {
        var actions = new List<ProxyAction>();
        foreach (var line in lines)
        {
            var status = _assembler.Add(line, out var reply);
            status.Should().NotBe(ReplyStatus.NotAReply, $"the test feeds \"{line}\" as a reply line");
            if (status == ReplyStatus.Complete)
            {
                actions.AddRange(Translator.OnUpstreamReply(reply!));
            }
        }

        return actions;
    }

    /// <summary>Client PASV served with EPSV upstream, up to the 227 the client sees.</summary>
    public IReadOnlyList<ProxyAction> SetUpPassive(int upstreamPort = 6446, int advertisedPort = 40000)
    {
        var actions = new List<ProxyAction>();
        actions.AddRange(Client("PASV"));
        actions.AddRange(Server($"229 Entering Extended Passive Mode (|||{upstreamPort}|)"));
        actions.AddRange(Translator.OnUpstreamDataConnected(true));
        actions.AddRange(Translator.OnClientListenerOpened(new IPEndPoint(IPAddress.Parse("198.51.100.1"), advertisedPort)));
        return actions;
    }

    /// <summary>Client PORT to its own address served with EPSV upstream, up to the 200 the client sees.</summary>
    public IReadOnlyList<ProxyAction> SetUpActive(int clientPort = 5282, int upstreamPort = 6446)
    {
        var actions = new List<ProxyAction>();
        actions.AddRange(Client($"PORT 192,0,2,7,{clientPort >> 8},{clientPort & 0xFF}"));
        actions.AddRange(Server($"229 Entering Extended Passive Mode (|||{upstreamPort}|)"));
        actions.AddRange(Translator.OnUpstreamDataConnected(true));
        return actions;
    }

    public static IReadOnlyList<string> Describe(IEnumerable<ProxyAction> actions) => actions.Select(Describe).ToList();

    /// <summary>One action as text: "> EPSV", "< 200 PORT command successful...", "connect 6446".</summary>
    public static string Describe(ProxyAction action) => action switch
    {
        SendUpstream send => "> " + send.Line,
        SendUpstreamAbort => "> ABOR (urgent)",
        ReplyToClient reply => "< " + string.Join(" / ", reply.Reply.Lines),
        ConnectUpstreamData connect => string.Create(CultureInfo.InvariantCulture, $"connect {connect.Port}")
            + (connect.ReportedAddress is null ? string.Empty : $" (reported {connect.ReportedAddress})"),
        OpenUpstreamListener => "open upstream listener",
        OpenClientListener => "open client listener",
        StartTransfer start => $"start {start.Command.Verb} {start.Direction}" + (start.ActiveTarget is null ? string.Empty : $" to {start.ActiveTarget}"),
        AbortTransfer => "abort transfer",
        ReleaseDataChannels => "release",
        UserLoggedIn user => "logged in " + user.User,
        CloseSession => "close",
        _ => throw new InvalidOperationException($"unknown action {action}"),
    };

    /// <summary>The codes of the replies written to the client, in order.</summary>
    public static IReadOnlyList<int> ClientCodes(IEnumerable<ProxyAction> actions) =>
        actions.OfType<ReplyToClient>().Select(r => r.Reply.Code).ToList();

    /// <summary>The lines sent upstream (ABOR with urgent data as "ABOR (urgent)"), in order.</summary>
    public static IReadOnlyList<string> Upstream(IEnumerable<ProxyAction> actions) =>
        actions.Where(a => a is SendUpstream or SendUpstreamAbort).Select(a => Describe(a)[2..]).ToList();

    public static IReadOnlyList<string> AllReplyLines(IEnumerable<ProxyAction> actions) =>
        actions.OfType<ReplyToClient>().SelectMany(r => r.Reply.Lines).ToList();

    /// <summary>A client line as the framer would hand it over, from Latin-1 bytes.</summary>
    public static string FramedLine(string latin1)
    {
        var framer = new LineFramer();
        framer.Read(FramerDriver.Bytes(latin1 + "\r\n"), out _, out var line).Should().Be(FrameStatus.Line);
        return line;
    }
}
