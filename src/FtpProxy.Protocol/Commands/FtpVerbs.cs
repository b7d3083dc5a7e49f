namespace FtpProxy.Protocol.Commands;

/// <summary>The verbs the proxy looks at; every other verb is relayed untouched.</summary>
public static class FtpVerbs
{
    public const string User = "USER";
    public const string Pass = "PASS";
    public const string Acct = "ACCT";
    public const string Quit = "QUIT";
    public const string Port = "PORT";
    public const string Eprt = "EPRT";
    public const string Pasv = "PASV";
    public const string Epsv = "EPSV";
    public const string Lprt = "LPRT";
    public const string Lpsv = "LPSV";
    public const string Spsv = "SPSV";
    public const string Abor = "ABOR";
    public const string Feat = "FEAT";
    public const string Rest = "REST";
    public const string Retr = "RETR";
    public const string Stor = "STOR";
    public const string Stou = "STOU";
    public const string Appe = "APPE";
    public const string List = "LIST";
    public const string Nlst = "NLST";
    public const string Mlsd = "MLSD";
    public const string Auth = "AUTH";
    public const string Pbsz = "PBSZ";
    public const string Prot = "PROT";
    public const string Ccc = "CCC";
    public const string Adat = "ADAT";
    public const string Mic = "MIC";
    public const string Conf = "CONF";
    public const string Enc = "ENC";

    /// <summary>Whether data flows from the server to the client for this transfer verb, or the other way; null for other verbs.</summary>
    public static TransferDirection? DirectionOf(string verb) => verb switch
    {
        Retr or List or Nlst or Mlsd => TransferDirection.Download,
        Stor or Stou or Appe => TransferDirection.Upload,
        _ => null,
    };

    /// <summary>RFC 2228 security verbs: answered by the proxy, never forwarded, because the proxy does not terminate TLS.</summary>
    public static bool IsSecurityExtension(string verb) =>
        verb is Auth or Pbsz or Prot or Ccc or Adat or Mic or Conf or Enc;
}
