using FtpProxy.Interop.Tests.Servers;

namespace FtpProxy.Interop.Tests.Matrix;

/// <summary>The shared pure-ftpd instances (127.0.0.1 and ::1) of one test class.</summary>
public sealed class PureFtpdFixture() : ServerFixture(ServerKind.PureFtpd);
