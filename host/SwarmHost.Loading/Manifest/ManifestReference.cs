using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>
/// The manifest reference for people, generated from the JSON Schema the validator uses — so the
/// two cannot drift apart (a test compares <c>docs/manifest.md</c> with this output; regenerate
/// it with <c>swarmhost schema --markdown &gt; docs/manifest.md</c>).
/// </summary>
public static class ManifestReference
{
    /// <summary>The reference as Markdown: one table row per property, nested objects as dotted paths.</summary>
    public static string Markdown()
    {
        using var document = JsonDocument.Parse(ManifestSchema.Text);
        var root = document.RootElement;
        var builder = new StringBuilder();
        builder.Append("# Manifest reference\n\n");
        builder.Append("Generated from `schemas/swarm-manifest.schema.json` by `swarmhost schema --markdown`; do not edit by hand.\n\n");
        builder.Append(Text(root, "description")).Append("\n\n");
        builder.Append("Required at the top level: ").Append(string.Join(", ", Strings(root, "required").Select(r => $"`{r}`"))).Append(".\n\n");
        builder.Append("| property | type | required | default | allowed | meaning |\n|---|---|---|---|---|---|\n");
        Rows(builder, root, "", root);
        builder.Append("\nComponent options are not in the schema: they come from each component's options table (`swarmhost inspect <id>`) and are checked against it when the manifest is validated.\n");
        return builder.ToString();
    }

    /// <summary>Appends a row per property of <paramref name="node"/> (under <paramref name="prefix"/>), recursing into objects and array items.</summary>
    /// <param name="builder">Where the rows go.</param>
    /// <param name="node">A schema node with <c>properties</c>.</param>
    /// <param name="prefix">The dotted path of <paramref name="node"/>, with a trailing dot (empty at the root).</param>
    /// <param name="root">The schema's root, for <c>$defs</c>.</param>
    /// <param name="alsoRequired">Required names given beside a <c>$ref</c>/<c>allOf</c> that led here.</param>
    private static void Rows(StringBuilder builder, JsonElement node, string prefix, JsonElement root, IEnumerable<string>? alsoRequired = null)
    {
        if (!node.TryGetProperty("properties", out var properties))
        {
            return;
        }

        var required = Strings(node, "required").Concat(alsoRequired ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix + property.Name;
            var schema = Resolve(property.Value, root);
            var hasItems = schema.TryGetProperty("items", out var item);
            var items = hasItems ? Resolve(item, root) : (JsonElement?)null;
            builder.Append(CultureInfo.InvariantCulture, $"| `{path}` | {Type(schema, items)} | {(required.Contains(property.Name) ? "yes" : "")} | {Default(schema)} | {Allowed(schema)} | {Cell(Text(property.Value, "description") is { Length: > 0 } own ? own : Text(schema, "description"))} |\n");
            Rows(builder, schema, path + ".", root);
            if (items is { } element)
            {
                Rows(builder, element, path + "[].", root, Strings(item, "required"));
            }
        }
    }

    /// <summary>Follows a <c>$ref</c> (also inside <c>allOf</c>) into <c>$defs</c>, keeping the referring node's own keywords out.</summary>
    private static JsonElement Resolve(JsonElement node, JsonElement root)
    {
        if (node.TryGetProperty("$ref", out var reference))
        {
            return Resolve(root.GetProperty("$defs").GetProperty(reference.GetString()!.Split('/')[^1]), root);
        }

        if (node.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1 && !node.TryGetProperty("properties", out _))
        {
            return Resolve(all[0], root);
        }

        return node;
    }

    private static string Type(JsonElement schema, JsonElement? items)
    {
        var type = Text(schema, "type");
        return type == "array" && items is { } element ? $"array of {(Text(element, "type") is { Length: > 0 } t ? t : "object")}" : type;
    }

    private static string Default(JsonElement schema) => schema.TryGetProperty("default", out var value) ? $"`{value.GetRawText()}`" : "";

    private static string Allowed(JsonElement schema)
    {
        var parts = new List<string>();
        if (schema.TryGetProperty("enum", out var values))
        {
            parts.Add(string.Join(", ", values.EnumerateArray().Select(v => $"`{v}`")));
        }

        foreach (var (keyword, label) in new[] { ("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("minItems", "items ≥"), ("multipleOf", "multiple of") })
        {
            if (schema.TryGetProperty(keyword, out var bound))
            {
                parts.Add($"{label} {bound.GetRawText()}");
            }
        }

        if (schema.TryGetProperty("pattern", out var pattern))
        {
            parts.Add($"pattern `{Cell(pattern.GetString()!)}`");
        }

        return string.Join("; ", parts);
    }

    private static string Text(JsonElement node, string name) => node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static IEnumerable<string> Strings(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!) : [];

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
