using System.Text.Json.Serialization;

namespace FtpProxy.Handoff;

/// <summary>Source-generated JSON for the hand-off messages: no reflection at start-up, trimming-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(HandoffMessage))]
internal sealed partial class HandoffJsonContext : JsonSerializerContext;
