namespace FtpProxy.Logging;

/// <summary>Property names every log event may carry, fixed in one place so logs can be queried.</summary>
internal static class LogProperties
{
    public const string SessionId = "SessionId";
    public const string Client = "Client";
    public const string User = "User";
    public const string Pid = "Pid";
    public const string Scope = "Scope";
}
