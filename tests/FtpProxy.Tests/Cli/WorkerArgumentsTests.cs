using FtpProxy.Logging;
using FtpProxy.Tests.Common;
using FtpProxy.Worker;
using Serilog.Events;

namespace FtpProxy.Tests.Cli;

public sealed class WorkerArgumentsTests
{
    [Fact]
    public void TheLaunchersCommandLine_IsParsed()
    {
        WorkerArguments.TryParse(["worker", "--channel-fd", "12", "--log-level", "debug", "--log-format", "json"], out var parsed).Should().BeTrue();

        parsed.Should().Be(new WorkerArguments(12, LogEventLevel.Debug, LogFormat.Json));
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("worker", "--channel-fd")]
    [InlineData("worker", "--channel-fd", "-3")]
    [InlineData("worker", "--channel-fd", "x")]
    [InlineData("worker", "--channel-fd", "5", "--log-level", "loud")]
    [InlineData("worker", "--channel-fd", "5", "--other", "1")]
    public void AnythingElse_IsRefused(params string[] args) =>
        WorkerArguments.TryParse(args, out _).Should().BeFalse();

    [Fact]
    public async Task WorkerStartedByHand_ExitsWithUsageError()
    {
        var (exitCode, output) = await ProxyProcess.RunToEndAsync("worker");

        exitCode.Should().Be(2);
        output.Should().Contain("internal");
    }
}
