using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>A running server and the files it was seeded with.</summary>
internal sealed record SeededServer(FtpServerProcess Server, SeedFiles Files);
