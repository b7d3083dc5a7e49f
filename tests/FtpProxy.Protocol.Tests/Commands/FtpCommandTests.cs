using FtpProxy.Protocol.Commands;

namespace FtpProxy.Protocol.Tests.Commands;

public sealed class FtpCommandTests
{
    [Theory]
    [InlineData("USER bob", "USER", "bob")]
    [InlineData("user bob", "USER", "bob")]
    [InlineData("uSeR bob", "USER", "bob")]
    [InlineData("noop", "NOOP", "")]
    [InlineData("NOOP", "NOOP", "")]
    [InlineData("NOOP ", "NOOP", "")]
    [InlineData("RETR my file.txt", "RETR", "my file.txt")]
    [InlineData("STOR  two leading spaces", "STOR", " two leading spaces")]
    [InlineData("STOR trailing space ", "STOR", "trailing space ")]
    [InlineData("CWD /a b/c  d", "CWD", "/a b/c  d")]
    [InlineData("RETR caf\u00C3\u00A9\u00FF", "RETR", "caf\u00C3\u00A9\u00FF")]
    [InlineData("RETR a\tb", "RETR", "a\tb")]
    [InlineData("SITE CHMOD 755 x", "SITE", "CHMOD 755 x")]
    [InlineData("ABCDEFGHIJKLMNOP arg", "ABCDEFGHIJKLMNOP", "arg")]
    [InlineData("XSHA256 big file.iso", "XSHA256", "big file.iso")]
    [InlineData("xsha1 a", "XSHA1", "a")]
    [InlineData("MD5 a", "MD5", "a")]
    public void ValidLine_IsParsed_WithTheVerbUpperCasedAndTheArgumentVerbatim(string line, string verb, string argument)
    {
        FtpCommand.TryParse(line, out var command).Should().BeTrue();
        command.Verb.Should().Be(verb);
        command.Argument.Should().Be(argument);
        command.HasArgument.Should().Be(argument.Length > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" USER bob")]
    [InlineData("3USR bob")]
    [InlineData("XSHA-256 a")]
    [InlineData("USER\tbob")]
    [InlineData("USER-bob")]
    [InlineData("\u00C9TAT x")]
    [InlineData("ABCDEFGHIJKLMNOPQ arg")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData("\u00FF\u00FFABOR")]
    [InlineData("\u00FFABOR")]
    [InlineData("\u00FF\u00FA\u0018ABOR")]
    [InlineData("NO\0OP")]
    [InlineData("\u0130NFO")]
    public void InvalidVerb_IsRejected(string line)
    {
        FtpCommand.TryParse(line, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("\u00FF\u00F4ABOR", "ABOR", "")]
    [InlineData("\u00FF\u00F4\u00FF\u00F2ABOR", "ABOR", "")]
    [InlineData("\u00FF\u00FB\u0001NOOP", "NOOP", "")]
    [InlineData("\u00FF\u00F4\u00FF\u00F2STAT", "STAT", "")]
    [InlineData("\u00FF\u00F4RETR a\u00FF\u00F2b", "RETR", "a\u00FF\u00F2b")]
    public void TelnetCommandsBeforeTheVerb_AreSkipped_TheArgumentKeepsItsBytes(string line, string verb, string argument)
    {
        FtpCommand.TryParse(line, out var command).Should().BeTrue();
        command.Verb.Should().Be(verb);
        command.Argument.Should().Be(argument);
    }

    [Theory]
    [InlineData("retr  a file ", "RETR  a file ")]
    [InlineData("noop", "NOOP")]
    [InlineData("noop ", "NOOP")]
    [InlineData("Port 1,2,3,4,5,6", "PORT 1,2,3,4,5,6")]
    public void WireLine_IsRegeneratedFromVerbAndArgument(string line, string wire)
    {
        FtpCommand.TryParse(line, out var command).Should().BeTrue();
        command.ToWireLine().Should().Be(wire);
    }

    [Theory]
    [InlineData("PASS s3cret", "PASS ****")]
    [InlineData("pass s3cret", "PASS ****")]
    [InlineData("PASS", "PASS ****")]
    [InlineData("PASS pass word with spaces", "PASS ****")]
    [InlineData("ACCT billing-42", "ACCT ****")]
    [InlineData("acct x", "ACCT ****")]
    public void LogString_MasksSecrets(string line, string logged)
    {
        FtpCommand.TryParse(line, out var command).Should().BeTrue();
        command.ToLogString().Should().Be(logged);
        command.ToString().Should().Be(logged);
        command.ToLogString().Should().NotContain("s3cret");
    }

    [Theory]
    [InlineData("USER bob", "USER bob")]
    [InlineData("RETR caf\u00C3\u00A9", "RETR caf\u00E9")]
    [InlineData("RETR caf\u00E9", "RETR caf\u00E9")]
    [InlineData("PASSWD x", "PASSWD x")]
    public void LogString_ShowsOtherCommands(string line, string logged)
    {
        FtpCommand.TryParse(line, out var command).Should().BeTrue();
        command.ToLogString().Should().Be(logged);
    }

    [Theory]
    [InlineData("RETR", TransferDirection.Download)]
    [InlineData("LIST", TransferDirection.Download)]
    [InlineData("NLST", TransferDirection.Download)]
    [InlineData("MLSD", TransferDirection.Download)]
    [InlineData("STOR", TransferDirection.Upload)]
    [InlineData("STOU", TransferDirection.Upload)]
    [InlineData("APPE", TransferDirection.Upload)]
    public void TransferVerbs_HaveADirection(string verb, TransferDirection direction)
    {
        FtpVerbs.DirectionOf(verb).Should().Be(direction);
    }

    [Theory]
    [InlineData("MLST")]
    [InlineData("SIZE")]
    [InlineData("retr")]
    public void OtherVerbs_HaveNoDirection(string verb)
    {
        FtpVerbs.DirectionOf(verb).Should().BeNull();
    }
}
