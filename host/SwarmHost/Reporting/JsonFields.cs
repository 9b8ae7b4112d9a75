using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Reporting;

/// <summary>Reads event and summary fields leniently: a field that is absent, null or of another kind gives <c>null</c>, never an exception.</summary>
internal static class JsonFields
{
    /// <summary>A string as is, a number or boolean as written; otherwise <c>null</c>.</summary>
    public static string? Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => null,
    };

    /// <summary>A number; otherwise <c>null</c>.</summary>
    public static double? Number(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : null;

    /// <summary>A number, truncated to an integer; otherwise <c>null</c>.</summary>
    public static long? Long(JsonNode? node) => Number(node) is { } value ? (long)value : null;
}
