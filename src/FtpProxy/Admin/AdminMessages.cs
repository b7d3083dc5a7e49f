using System.Text.Json.Serialization;

namespace FtpProxy.Admin;

/// <summary>A request on the admin socket: "list", or "kick" with a session id. One JSON line.</summary>
internal sealed record AdminRequest(string Command, string? Id = null);

/// <summary>The daemon's answer.</summary>
internal sealed record AdminResponse(bool Ok, string? Error = null, IReadOnlyList<SessionInfo>? Sessions = null);

/// <summary>One row of `ftpproxy sessions list`.</summary>
internal sealed record SessionInfo(string Id, int Pid, string Client, string User, string State, DateTimeOffset StartedAt, long Bytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(AdminRequest))]
[JsonSerializable(typeof(AdminResponse))]
[JsonSerializable(typeof(IReadOnlyList<SessionInfo>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
