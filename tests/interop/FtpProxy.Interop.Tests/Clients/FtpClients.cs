namespace FtpProxy.Interop.Tests.Clients;

/// <summary>The driver for each client kind.</summary>
internal static class FtpClients
{
    private static readonly Dictionary<ClientKind, FtpClientDriver> Drivers = new FtpClientDriver[]
    {
        new FtpSslDriver(), new TnftpDriver(), new LftpDriver(), new CurlDriver(), new WgetDriver(),
    }.ToDictionary(d => d.Kind);

    public static FtpClientDriver For(ClientKind kind) => Drivers[kind];
}
