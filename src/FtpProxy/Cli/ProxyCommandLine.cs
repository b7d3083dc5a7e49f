using System.CommandLine;
using System.Net;
using FtpProxy.Configuration;
using FtpProxy.Logging;
using FtpProxy.Protocol.Translation;
using Serilog.Events;

namespace FtpProxy.Cli;

/// <summary>The `ftpproxy` command line: the root command runs the daemon.</summary>
internal static class ProxyCommandLine
{
    private static readonly Option<IPEndPoint?> Listen = new("--listen", "-l")
    {
        Description = "Where clients connect: [ADDR:]PORT (default address 0.0.0.0; [::] for IPv6 and IPv4). Port 0 picks a free port.",
        Required = true,
        CustomParser = OptionParsers.ParseListen,
        HelpName = "[ADDR:]PORT",
    };

    private static readonly Option<HostEndpoint?> Upstream = new("--upstream", "-u")
    {
        Description = "The FTP server to relay to: HOST:PORT or [IPV6]:PORT.",
        Required = true,
        CustomParser = OptionParsers.ParseUpstream,
        HelpName = "HOST:PORT",
    };

    private static readonly Option<PortRange?> PassivePorts = new("--passive-ports")
    {
        Description = "Ports offered to passive-mode clients, chosen at random: MIN-MAX (default: any free port).",
        CustomParser = OptionParsers.ParsePortRange,
        HelpName = "MIN-MAX",
    };

    private static readonly Option<IPAddress?> PassiveAddress = new("--passive-address")
    {
        Description = "IPv4 address announced in 227 replies (default: the address the client connected to). Use behind NAT.",
        CustomParser = OptionParsers.ParseAddress,
        HelpName = "ADDR",
    };

    // The choices below have no DefaultValueFactory: help would print its value by its C# name
    // ("[default: Text]"), and the command line spells choices in lower case. Each states its
    // default the same way in its description, and ReadOptions applies it.
    private const UpstreamDataMode DefaultUpstreamMode = UpstreamDataMode.Passive;
    private const LogEventLevel DefaultLogLevel = LogEventLevel.Information;
    private const LogFormat DefaultLogFormat = LogFormat.Text;

    private static readonly Option<UpstreamDataMode?> UpstreamMode = new("--upstream-mode")
    {
        Description = "How the proxy opens data connections to the server: passive (EPSV, then PASV) or active (EPRT, then PORT). " + DefaultNote(DefaultUpstreamMode),
        CustomParser = r => OptionParsers.ParseChoice<UpstreamDataMode>(r, "--upstream-mode"),
        HelpName = "passive|active",
    };

    private static readonly Option<PortRange?> ActivePorts = new("--active-ports")
    {
        Description = "Ports the proxy listens on for the server in --upstream-mode active: MIN-MAX (default: any free port).",
        CustomParser = OptionParsers.ParsePortRange,
        HelpName = "MIN-MAX",
    };

    private static readonly Option<int> IdleTimeout = new("--idle-timeout")
    {
        Description = "Seconds a session may sit idle (no command, no data moving) before it gets 421 and is closed.",
        DefaultValueFactory = _ => 900,
        CustomParser = result => OptionParsers.ParseSeconds(result, minimum: 1),
        HelpName = "SECONDS",
    };

    private static readonly Option<int> DrainTimeout = new("--drain-timeout")
    {
        Description = "On SIGTERM, SIGINT or SIGHUP, seconds running sessions may take to finish before they are ended (0: at once).",
        DefaultValueFactory = _ => 30,
        CustomParser = result => OptionParsers.ParseSeconds(result, minimum: 0),
        HelpName = "SECONDS",
    };

    private static readonly Option<LogEventLevel?> LogLevel = new("--log-level")
    {
        Description = "Least severe level logged: verbose, debug, information, warning, error, fatal. Debug shows every command (passwords masked). " + DefaultNote(DefaultLogLevel),
        CustomParser = r => LogLevelParser.Parse(r),
        HelpName = "LEVEL",
    };

    private static readonly Option<LogFormat?> LogFormatOption = new("--log-format")
    {
        Description = "Log line format on standard error: text or json (one object per line). " + DefaultNote(DefaultLogFormat),
        CustomParser = r => OptionParsers.ParseChoice<LogFormat>(r, "--log-format"),
        HelpName = "text|json",
    };

    private static readonly Option<int> SpareWorkers = new("--spare-workers")
    {
        Description = "Worker processes kept started and warm, waiting for the next clients.",
        DefaultValueFactory = _ => 2,
        CustomParser = r => OptionParsers.ParseCount(r, minimum: 0),
        HelpName = "N",
    };

    private static readonly Option<int> MaxSessions = new("--max-sessions")
    {
        Description = "Sessions served at once; past it a new client gets 421.",
        DefaultValueFactory = _ => 500,
        CustomParser = r => OptionParsers.ParseCount(r, minimum: 1),
        HelpName = "N",
    };

    private static readonly Option<int> MaxPerIp = new("--max-per-ip")
    {
        Description = "Sessions from one client address at once; past it a new client gets 421.",
        DefaultValueFactory = _ => 50,
        CustomParser = r => OptionParsers.ParseCount(r, minimum: 1),
        HelpName = "N",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("ftpproxy: an FTP proxy that understands the control channel and bridges data connections.")
        {
            Listen, Upstream, PassivePorts, PassiveAddress, UpstreamMode, ActivePorts, IdleTimeout, DrainTimeout,
            SpareWorkers, MaxSessions, MaxPerIp, AdminCommands.AdminSocketOption, LogLevel, LogFormatOption,
        };
        root.SetAction((parse, cancellationToken) => DaemonRunner.RunAsync(ReadOptions(parse), cancellationToken));
        root.Subcommands.Add(AdminCommands.BuildSessionsCommand());
        return root;
    }

    /// <summary>A choice's default as help shows the others' ("[default: 900]"), spelled as typed.</summary>
    private static string DefaultNote<T>(T value)
        where T : struct, Enum => $"[default: {value.ToString().ToLowerInvariant()}]";

    /// <summary>Parses and runs; usage errors exit with 2 (System.CommandLine's own default is 1).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"ftpproxy: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Try 'ftpproxy --help' for more information.");
            return ExitCodes.BadUsage;
        }

        // The daemon handles SIGINT/SIGTERM itself (ShutdownSignals: drain, then a second SIGINT).
        // System.CommandLine would otherwise also take them and end the process two seconds later,
        // whatever --drain-timeout says.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static DaemonOptions ReadOptions(ParseResult parse) => new()
    {
        Listen = parse.GetValue(Listen)!,
        LogLevel = parse.GetValue(LogLevel) ?? DefaultLogLevel,
        LogFormat = parse.GetValue(LogFormatOption) ?? DefaultLogFormat,
        DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainTimeout)),
        Limits = new Daemon.DaemonLimits(parse.GetValue(MaxSessions), parse.GetValue(MaxPerIp), parse.GetValue(SpareWorkers)),
        AdminSocket = parse.GetValue(AdminCommands.AdminSocketOption),
        Session = new SessionSettings
        {
            Upstream = parse.GetValue(Upstream)!,
            PassivePorts = parse.GetValue(PassivePorts),
            PassiveAddress = parse.GetValue(PassiveAddress),
            UpstreamMode = parse.GetValue(UpstreamMode) ?? DefaultUpstreamMode,
            ActivePorts = parse.GetValue(ActivePorts),
            IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(IdleTimeout)),
        },
    };
}
