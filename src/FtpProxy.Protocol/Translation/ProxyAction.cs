using System.Net;
using FtpProxy.Protocol.Commands;
using FtpProxy.Protocol.Replies;

namespace FtpProxy.Protocol.Translation;

/// <summary>Something the <see cref="ControlTranslator"/> asks its host to do. The host reports back through the translator's On… methods.</summary>
public abstract record ProxyAction;

/// <summary>Write a line (no line end) to the upstream control connection.</summary>
public sealed record SendUpstream(string Line) : ProxyAction;

/// <summary>Send ABOR upstream the way RFC 959 asks: Telnet IP, the Synch as urgent data, then "ABOR".</summary>
public sealed record SendUpstreamAbort : ProxyAction;

/// <summary>Write a reply to the client.</summary>
public sealed record ReplyToClient(FtpReply Reply) : ProxyAction;

/// <summary>
/// Connect to the upstream data port. The host always connects to the address of the upstream control
/// connection; <paramref name="ReportedAddress"/> is what a 227 claimed, for the log only.
/// </summary>
public sealed record ConnectUpstreamData(int Port, IPAddress? ReportedAddress) : ProxyAction;

/// <summary>Open a listening socket for the server to connect to (upstream active mode); answer with <see cref="ControlTranslator.OnUpstreamListenerOpened"/>.</summary>
public sealed record OpenUpstreamListener : ProxyAction;

/// <summary>Open a listening socket for the client (client passive mode); answer with <see cref="ControlTranslator.OnClientListenerOpened"/>.</summary>
public sealed record OpenClientListener : ProxyAction;

/// <summary>
/// The server started the transfer: open the client's side (connect to <paramref name="ActiveTarget"/>,
/// or accept on the client listener when it is null), bridge the two, then call <see cref="ControlTranslator.OnTransferFinished"/>.
/// </summary>
public sealed record StartTransfer(FtpCommand Command, TransferDirection Direction, IPEndPoint? ActiveTarget) : ProxyAction;

/// <summary>Tear down a running transfer; its outcome is still reported through <see cref="ControlTranslator.OnTransferFinished"/>.</summary>
public sealed record AbortTransfer : ProxyAction;

/// <summary>Close every prepared data socket and listener that no transfer is using.</summary>
public sealed record ReleaseDataChannels : ProxyAction;

/// <summary>The server accepted the login.</summary>
public sealed record UserLoggedIn(string User) : ProxyAction;

/// <summary>Close both control connections once everything before this action has been written.</summary>
public sealed record CloseSession(string Reason) : ProxyAction;
