using System.Net;

namespace FtpProxy.Session;

/// <summary>The four ends of a session's two control connections; data connections are checked against them.</summary>
internal sealed record SessionEndpoints(IPEndPoint ClientRemote, IPEndPoint ClientLocal, IPEndPoint UpstreamRemote, IPEndPoint UpstreamLocal);
