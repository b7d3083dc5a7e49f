namespace FtpProxy.Interop.Tests.Servers;

/// <summary>One command line a server logged as received: verb in upper case, argument verbatim.</summary>
internal sealed record ServerCommand(string Verb, string Argument)
{
    public override string ToString() => Argument.Length == 0 ? Verb : $"{Verb} {Argument}";

    public static ServerCommand Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new ServerCommand(line.ToUpperInvariant(), string.Empty)
            : new ServerCommand(line[..space].ToUpperInvariant(), line[(space + 1)..]);
    }
}
