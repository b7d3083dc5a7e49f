using FtpProxy.Interop.Tests.Infrastructure;

namespace FtpProxy.Interop.Tests.Flows;

/// <summary>
/// One fact per program. A missing program shows up here as a skipped test with the reason
/// "program X not installed: run .ci/install-interop.sh" (its matrix rows are then left out), or, with
/// FTPPROXY_INTEROP_REQUIRED=1, as a failure.
/// </summary>
public sealed class InstalledProgramsTests
{
    [InteropFact(InteropProgram.FtpSsl)]
    public void FtpSsl_IsInstalled() => Check(InteropProgram.FtpSsl);

    [InteropFact(InteropProgram.Tnftp)]
    public void Tnftp_IsInstalled() => Check(InteropProgram.Tnftp);

    [InteropFact(InteropProgram.Lftp)]
    public void Lftp_IsInstalled() => Check(InteropProgram.Lftp);

    [InteropFact(InteropProgram.Curl)]
    public void Curl_IsInstalled() => Check(InteropProgram.Curl);

    [InteropFact(InteropProgram.Wget)]
    public void Wget_IsInstalled() => Check(InteropProgram.Wget);

    [InteropFact(InteropProgram.Pyftpdlib)]
    public void Pyftpdlib_IsInstalled() => Check(InteropProgram.Pyftpdlib);

    [InteropFact(InteropProgram.Vsftpd)]
    public void Vsftpd_IsInstalled() => Check(InteropProgram.Vsftpd);

    [InteropFact(InteropProgram.Proftpd)]
    public void Proftpd_IsInstalled() => Check(InteropProgram.Proftpd);

    [InteropFact(InteropProgram.PureFtpd)]
    public void PureFtpd_IsInstalled() => Check(InteropProgram.PureFtpd);

    [InteropFact(InteropProgram.Script)]
    public void Script_IsInstalled() => Check(InteropProgram.Script);

    [Fact]
    public void EveryProgram_HasAFact() =>
        typeof(InstalledProgramsTests).GetMethods().Count(m => m.Name.EndsWith("_IsInstalled", StringComparison.Ordinal))
            .Should().Be(InteropProgram.All.Count);

    private static void Check(string program) =>
        InteropProgram.IsInstalled(program).Should().BeTrue(InteropProgram.NotInstalledReason(program));
}
