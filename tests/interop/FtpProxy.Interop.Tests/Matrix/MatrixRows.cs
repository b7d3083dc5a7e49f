using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// The rows of one server's matrix: every client × {active, passive} × every operation (wget: no STOR) over
/// IPv4; plus every client × mode × {LIST, RETR 1 MiB, STOR 1 MiB} over <see cref="NetworkPath.IPv6Upstream"/>
/// and <see cref="NetworkPath.IPv6"/>.
/// Rows whose client is not installed are left out (InstalledProgramsTests reports that client as a skipped
/// fact) unless FTPPROXY_INTEROP_REQUIRED=1, which keeps them so they fail loudly.
/// </summary>
internal static class MatrixRows
{
    private static readonly MatrixOperation[] IPv6Operations = [MatrixOperation.List, MatrixOperation.Retrieve1MiB, MatrixOperation.Store1MiB];

    public static TheoryData<ClientKind, ClientDataMode, MatrixOperation, NetworkPath> For(ServerKind server)
    {
        _ = server; // Every server gets the same rows today; the parameter is where a server-specific exclusion would go.
        var rows = new TheoryData<ClientKind, ClientDataMode, MatrixOperation, NetworkPath>();
        foreach (var network in Enum.GetValues<NetworkPath>())
        {
            foreach (var client in Enum.GetValues<ClientKind>())
            {
                var driver = FtpClients.For(client);
                if (!InteropProgram.Required && !InteropProgram.IsInstalled(driver.Program))
                {
                    continue;
                }

                foreach (var mode in Enum.GetValues<ClientDataMode>())
                {
                    if (client == ClientKind.Lftp && mode == ClientDataMode.Active && network == NetworkPath.IPv6)
                    {
                        // Known client bug, RECIPES.md §3.3: lftp 4.9.2 sends "EPRT |2|::|port|" (the unspecified
                        // address) over IPv6, then silently switches to passive and fails with "max-retries exceeded".
                        continue;
                    }

                    foreach (var operation in Enum.GetValues<MatrixOperation>())
                    {
                        if (operation == MatrixOperation.Store1MiB && !driver.CanStore)
                        {
                            continue; // wget cannot upload (RECIPES.md §3.5).
                        }

                        if (network != NetworkPath.IPv4 && !IPv6Operations.Contains(operation))
                        {
                            continue;
                        }

                        rows.Add(client, mode, operation, network);
                    }
                }
            }
        }

        return rows;
    }
}
