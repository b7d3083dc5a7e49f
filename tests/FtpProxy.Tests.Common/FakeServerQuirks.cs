using System.Net;

namespace FtpProxy.Tests.Common;

/// <summary>Deviations real servers show (FTP-NOTES.md), switched on one by one.</summary>
public sealed record FakeServerQuirks
{
    /// <summary>pure-ftpd: a multi-line 220.</summary>
    public bool MultilineGreeting { get; init; }

    /// <summary>A 120 "ready in n minutes" before the 220.</summary>
    public bool Greeting120First { get; init; }

    /// <summary>pyftpdlib: 125 instead of 150.</summary>
    public int TransferStartCode { get; init; } = 150;

    /// <summary>pure-ftpd: a multi-line 226.</summary>
    public bool MultilineTransferComplete { get; init; }

    /// <summary>A 227 without parentheses.</summary>
    public bool PasvWithoutParentheses { get; init; }

    /// <summary>A 227 naming this address instead of the real one (a server behind NAT, or a hostile one).</summary>
    public IPAddress? PasvAdvertisedAddress { get; init; }

    /// <summary>EPSV answered with 500 (servers that list it in FEAT and refuse it).</summary>
    public bool RefuseEpsv { get; init; }

    /// <summary>Send the 226 before closing the data connection (order is not guaranteed on the wire).</summary>
    public bool CompleteBeforeDataClose { get; init; }

    /// <summary>
    /// A hostile server: after the 226 it keeps its data connection open and floods the control
    /// connection with replies nobody asked for, until its writes stall (the proxy stopped reading)
    /// or it has written <see cref="FakeFtpServer.FloodLimitBytes"/>. Then it closes the data connection.
    /// </summary>
    public bool FloodRepliesBeforeDataClose { get; init; }

    /// <summary>
    /// A server whose control connection ends mid-transfer (it crashed, or a firewall's idle timer
    /// cut it): once the data connection is up it sends FIN on the control connection, then all the data.
    /// </summary>
    public bool CloseControlDuringTransfer { get; init; }

    /// <summary>With <see cref="CloseControlDuringTransfer"/>: a 421 first, as a server shutting down says it.</summary>
    public bool Announce421BeforeClosing { get; init; }

    /// <summary>Refuse the greeting with this code (e.g. 421 too many users).</summary>
    public int? GreetingRefusalCode { get; init; }

    /// <summary>A hung server: transfer commands (RETR, LIST, ...) get no reply at all.</summary>
    public bool IgnoreTransferCommands { get; init; }

    /// <summary>A hung server: the data is sent and its connection closed, but the 226 never comes.</summary>
    public bool WithholdTransferCompletion { get; init; }

    /// <summary>FEAT lists TLS features, as a TLS-capable server does.</summary>
    public bool FeatListsTls { get; init; } = true;
}
