using System.Net;
using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Servers;

/// <summary>Starts a server of a given kind on 127.0.0.1 or ::1.</summary>
internal static class FtpServers
{
    public static string ProgramOf(ServerKind kind) => kind switch
    {
        ServerKind.Pyftpdlib => InteropProgram.Pyftpdlib,
        ServerKind.Vsftpd => InteropProgram.Vsftpd,
        ServerKind.Proftpd => InteropProgram.Proftpd,
        ServerKind.PureFtpd => InteropProgram.PureFtpd,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Installed servers only, unless FTPPROXY_INTEROP_REQUIRED=1 (a missing one is reported by InstalledProgramsTests).</summary>
    public static IEnumerable<ServerKind> Testable() =>
        Enum.GetValues<ServerKind>().Where(kind => InteropProgram.Required || InteropProgram.IsInstalled(ProgramOf(kind)));

    /// <summary>
    /// Every server works on ::1 (RECIPES.md §2: pyftpdlib `-i ::1`, vsftpd `listen_ipv6`, proftpd `UseIPv6 on`,
    /// pure-ftpd `-S ::1,port`), so each kind has an IPv6 variant.
    /// </summary>
    public static async Task<FtpServerProcess> StartAsync(ServerKind kind, IPAddress address)
    {
        InteropProgram.Require(ProgramOf(kind));
        FtpServerProcess server = kind switch
        {
            ServerKind.Pyftpdlib => new PyftpdlibServer(address),
            ServerKind.Vsftpd => new VsftpdServer(address),
            ServerKind.Proftpd => new ProftpdServer(address),
            ServerKind.PureFtpd => new PureFtpdServer(address),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
