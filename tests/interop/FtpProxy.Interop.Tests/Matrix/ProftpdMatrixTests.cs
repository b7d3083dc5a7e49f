using FtpProxy.Interop.Tests.Clients;
using FtpProxy.Interop.Tests.Infrastructure;
using FtpProxy.Interop.Tests.Servers;
using Xunit.Abstractions;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>Every client, mode and operation through the proxy to proftpd (one shared instance per address family).</summary>
public sealed class ProftpdMatrixTests(ProftpdFixture fixture, ITestOutputHelper output) : IClassFixture<ProftpdFixture>
{
    public static TheoryData<ClientKind, ClientDataMode, MatrixOperation, NetworkPath> Cells => MatrixRows.For(ServerKind.Proftpd);

    [InteropTheory(InteropProgram.Proftpd, InteropProgram.AnyFtpClient)]
    [MemberData(nameof(Cells))]
    public Task ThroughProxy(ClientKind client, ClientDataMode mode, MatrixOperation operation, NetworkPath network) =>
        new MatrixCell(client, mode, operation, network).RunAsync(fixture, output);
}
