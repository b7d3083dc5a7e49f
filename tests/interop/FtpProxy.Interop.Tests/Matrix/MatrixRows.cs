using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>
/// The rows of one server's matrix: every client × {active, passive} × every operation (wget: no STOR), with the
/// server on 127.0.0.1; plus, with the server on ::1, every client × mode × {LIST, RETR 1 MiB, STOR 1 MiB}.
/// Rows whose client is not installed are left out (InstalledProgramsTests reports that client as a skipped
/// fact) unless FTPPROXY_INTEROP_REQUIRED=1, which keeps them so they fail loudly.
/// </summary>
internal static class MatrixRows
{
    private static readonly MatrixOperation[] IPv6Operations = [MatrixOperation.List, MatrixOperation.Retrieve1MiB, MatrixOperation.Store1MiB];

    public static TheoryData<ClientKind, ClientDataMode, MatrixOperation, UpstreamFamily> For(ServerKind server)
    {
        _ = server; // Every server gets the same rows today; the parameter is where a server-specific exclusion would go.
        var rows = new TheoryData<ClientKind, ClientDataMode, MatrixOperation, UpstreamFamily>();
        foreach (var family in Enum.GetValues<UpstreamFamily>())
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
                    foreach (var operation in Enum.GetValues<MatrixOperation>())
                    {
                        if (operation == MatrixOperation.Store1MiB && !driver.CanStore)
                        {
                            continue; // wget cannot upload (RECIPES.md §3.5).
                        }

                        if (family == UpstreamFamily.IPv6 && !IPv6Operations.Contains(operation))
                        {
                            continue;
                        }

                        rows.Add(client, mode, operation, family);
                    }
                }
            }
        }

        return rows;
    }
}
