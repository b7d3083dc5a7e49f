using System.Net;
using System.Net.Sockets;
using FtpProxy.Tests.Common;

namespace FtpProxy.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_ListsEveryFlag_AndExits0()
    {
        await using var proxy = ProxyProcess.Start("--help");

        (await proxy.WaitForExitAsync()).Should().Be(0);
        var help = string.Join("\n", proxy.Output);
        foreach (var flag in new[] { "--listen", "--upstream", "--passive-ports", "--passive-address", "--idle-timeout", "--log-level", "--log-format", "--version" })
        {
            help.Should().Contain(flag);
        }
    }

    [Theory]
    [InlineData("--log-format", "text")]
    [InlineData("--upstream-mode", "passive")]
    [InlineData("--log-level", "information")]
    public async Task Help_ShowsAChoicesDefault_AsTheCommandLineSpellsIt(string option, string value)
    {
        await using var proxy = ProxyProcess.Start("--help");

        (await proxy.WaitForExitAsync()).Should().Be(0);
        proxy.Output.Should().ContainSingle(line => line.TrimStart().StartsWith(option + " ", StringComparison.Ordinal))
            .Which.Should().EndWith($"[default: {value}]");
    }

    [Fact]
    public async Task Version_PrintsAVersion_AndExits0()
    {
        await using var proxy = ProxyProcess.Start("--version");

        (await proxy.WaitForExitAsync()).Should().Be(0);
        proxy.Output.Should().Contain(line => line.Contains('.'));
    }

    [Theory]
    [InlineData("--upstream", "127.0.0.1:21")]
    [InlineData("--listen", "2121")]
    [InlineData("--listen", "notaport", "--upstream", "127.0.0.1:21")]
    [InlineData("--listen", "2121", "--upstream", "nohostport")]
    [InlineData("--listen", "2121", "--upstream", "127.0.0.1:21", "--passive-ports", "9-5")]
    [InlineData("--listen", "2121", "--upstream", "127.0.0.1:21", "--idle-timeout", "0")]
    [InlineData("--listen", "2121", "--upstream", "127.0.0.1:21", "--log-level", "loud")]
    [InlineData("--listen", "2121", "--upstream", "127.0.0.1:21", "--no-such-flag")]
    public async Task BadUsage_Exits2_WithAMessage(params string[] args)
    {
        await using var proxy = ProxyProcess.Start(args);

        (await proxy.WaitForExitAsync()).Should().Be(2);
        proxy.Output.Should().Contain(line => line.StartsWith("ftpproxy:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--upstream", "127.0.0.1:0", "--upstream '127.0.0.1:0': the port must be a number from 1 to 65535")]
    [InlineData("--upstream", "127.0.0.1:99999", "--upstream '127.0.0.1:99999': the port must be a number from 1 to 65535")]
    [InlineData("--listen", "99999", "--listen '99999': the port must be a number from 0 to 65535")]
    public async Task BadPort_NamesTheValue_AndTheRangeThatOptionAccepts(string option, string value, string message)
    {
        string[] rest = option == "--upstream" ? ["--listen", "2121"] : ["--upstream", "127.0.0.1:21"];
        var (exitCode, output) = await ProxyProcess.RunToEndAsync([.. rest, option, value]);

        exitCode.Should().Be(2);
        output.Should().Contain(message);
    }

    [Theory]
    [InlineData("--log-format", "xml", "--log-format 'xml': expected one of text, json")]
    [InlineData("--upstream-mode", "both", "--upstream-mode 'both': expected one of passive, active")]
    public async Task BadChoice_NamesTheValuesInTheirCommandLineSpelling(string option, string value, string message)
    {
        var (exitCode, output) = await ProxyProcess.RunToEndAsync("--listen", "2121", "--upstream", "127.0.0.1:21", option, value);

        exitCode.Should().Be(2);
        output.Should().Contain(message).And.NotContain("FtpProxy.");
    }

    [Theory]
    [InlineData("--log-format", "JSON")]
    [InlineData("--upstream-mode", "Active")]
    public async Task Choice_IsCaseInsensitive(string option, string value)
    {
        var (exitCode, _) = await ProxyProcess.RunToEndAsync("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:21", option, value, "--admin-socket", "");

        exitCode.Should().Be(1, "the value is accepted; the daemon then stops at the empty admin socket path");
    }

    [Fact]
    public async Task AddressInUse_Exits1_WithAOneLineReason()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        await using var proxy = ProxyProcess.StartDaemon("--listen", $"127.0.0.1:{port}", "--upstream", "127.0.0.1:21");

        (await proxy.WaitForExitAsync()).Should().Be(1);
        proxy.Output.Should().Contain(line => line.Contains("address already in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListenOnPort0_LogsTheChosenPort_AndServes()
    {
        await using var server = new FakeFtpServer();
        await using var proxy = await ProxyProcess.StartDaemonAsync(server.EndPoint);

        proxy.ListenEndPoint!.Port.Should().BeGreaterThan(0);
        await using var client = await ScriptedFtpClient.ConnectAsync(proxy.ListenEndPoint);
        client.Greeting!.Code.Should().Be(220);
        await client.LoginAsync();
        (await client.CommandAsync("QUIT")).Code.Should().Be(221);

        (await proxy.WaitForOutputAsync("Session ended")).Should().BeTrue();
        proxy.Output.Should().Contain(line => line.Contains("Logged in", StringComparison.Ordinal) && line.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonLogFormat_WritesOneJsonObjectPerLine()
    {
        await using var server = new FakeFtpServer();
        await using var proxy = ProxyProcess.StartDaemon("--listen", "127.0.0.1:0", "--upstream", server.EndPoint.ToString(), "--log-format", "json");

        (await proxy.WaitForOutputAsync("\"ListenEndpoint\"")).Should().BeTrue();
        var line = proxy.Output.First(l => l.Contains("\"ListenEndpoint\"", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        json.RootElement.GetProperty("Properties").GetProperty("ListenEndpoint").GetString().Should().StartWith("127.0.0.1:");
        json.RootElement.GetProperty("Properties").TryGetProperty("Scope", out _).Should().BeFalse("the text prefix has no place in JSON, whose properties say it all");
    }

    [Fact]
    public async Task Sigterm_StopsTheDaemon_WithExitCode0()
    {
        await using var server = new FakeFtpServer();
        await using var proxy = await ProxyProcess.StartDaemonAsync(server.EndPoint);

        proxy.Signal(ProxyProcess.SigTerm);

        (await proxy.WaitForExitAsync()).Should().Be(0, "the daemon said:\n{0}", string.Join("\n", proxy.Output));
    }
}
