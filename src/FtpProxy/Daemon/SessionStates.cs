namespace FtpProxy.Daemon;

/// <summary>The states `ftpproxy sessions list` shows.</summary>
internal static class SessionStates
{
    public const string Starting = "starting";
    public const string Connected = "connected";
    public const string LoggedIn = "logged-in";
    public const string Transferring = "transferring";
    public const string Ending = "ending";
}
