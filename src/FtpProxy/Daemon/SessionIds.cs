using System.Security.Cryptography;

namespace FtpProxy.Daemon;

/// <summary>Session ids: 8 hex digits, short enough to type in `ftpproxy sessions kick ID`.</summary>
internal static class SessionIds
{
    /// <summary>
    /// SECURITY: random, so one client cannot guess another's id from its own. 32 bits do meet now and
    /// then over millions of sessions; the registry draws again when an id is live (<see cref="SessionRegistry.TryAdmit"/>).
    /// </summary>
    public static string New() => Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
}
