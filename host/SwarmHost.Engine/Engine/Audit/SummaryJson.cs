using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SwarmHost.Engine.Events;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Audit;

/// <summary>JSON settings for the summary and events: camelCase, enums as strings, unmeasured (non-finite) figures as null.</summary>
public static class SummaryJson
{
    /// <summary>The settings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new FiniteDoubleConverter() },
    };
}
