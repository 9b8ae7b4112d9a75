using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>
/// Reads typed values out of a manifest section without throwing: a property that is absent,
/// of the wrong type or out of range reads as <c>null</c> (the schema reports why). The schema
/// and the run read every number the same way through these, so the run uses the validated value.
/// </summary>
public static class JsonValues
{
    /// <summary>The property <paramref name="name"/> of <paramref name="section"/> when it is a JSON number with an integral value that fits an <see cref="long"/> (<c>30</c>, <c>30.0</c> and <c>3e1</c> alike).</summary>
    public static long? Integer(JsonElement section, string name) =>
        Get(section, name) is { ValueKind: JsonValueKind.Number } value
            ? value.TryGetInt64(out var exact) ? exact
            : value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9e18 ? (long)d : null
            : null;

    /// <summary>Like <see cref="Integer"/>, and within <see cref="int"/>'s range.</summary>
    public static int? Int32(JsonElement section, string name) =>
        Integer(section, name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>The property when it is a JSON number with a finite value.</summary>
    public static double? Number(JsonElement section, string name) =>
        Get(section, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>The property when it is a JSON string.</summary>
    public static string? Text(JsonElement section, string name) =>
        Get(section, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The property when it is a JSON boolean.</summary>
    public static bool? Boolean(JsonElement section, string name) =>
        Get(section, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    /// <summary>The property <paramref name="name"/> when <paramref name="section"/> is an object that has it.</summary>
    public static JsonElement? Get(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) ? value : null;

    /// <summary>A component's <c>options</c> object, or <c>null</c> when it has none.</summary>
    public static JsonElement? Options(JsonElement component) =>
        component.TryGetProperty("options", out var options) ? options : null;

    /// <summary>The string <paramref name="property"/> of the object <paramref name="section"/> of <paramref name="root"/>, or <c>null</c> when either is absent or of another type.</summary>
    public static string? Text(JsonElement root, string section, string property) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
