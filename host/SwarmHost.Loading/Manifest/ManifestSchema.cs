using System.Text.Json;
using Json.Schema;

namespace SwarmHost.Manifest;

/// <summary>
/// The manifest's JSON Schema (<c>schemas/swarm-manifest.schema.json</c>, embedded in the host) and
/// the translation of its evaluation results into <see cref="ManifestProblem"/>s.
/// </summary>
public static class ManifestSchema
{
    /// <summary>The schema text as shipped.</summary>
    public static string Text { get; } = ReadText();

    private static readonly Lazy<JsonSchema> Schema = new(Load);
    private static readonly Lazy<JsonDocument> SchemaDocument = new(() => JsonDocument.Parse(Text));
    private static readonly Lazy<string[]> PropertyNames = new(CollectPropertyNames);

    /// <summary>Evaluates <paramref name="document"/> against the schema and returns one problem per failed keyword.</summary>
    public static IReadOnlyList<ManifestProblem> Check(JsonElement document)
    {
        var results = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<ManifestProblem>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var path = JsonPaths.FromPointer(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors)
            {
                problems.Add(Translate(path, keyword, message, detail, document));
            }
        }

        return problems.Distinct().ToList();
    }

    private static ManifestProblem Translate(string path, string keyword, string message, EvaluationResults detail, JsonElement document)
    {
        var schemaPath = detail.EvaluationPath.ToString();
        return keyword switch
        {
            "" or "false" when schemaPath.Contains("additionalProperties", StringComparison.Ordinal) =>
                new(path, "unknown property", SuggestProperty(path)),
            "required" => new(path, Lower(message), "see schemas/swarm-manifest.schema.json"),
            "minItems" when path == "$.encoders" =>
                new(path, $"a swarm needs at least 3 encoders, found {Count(document, "encoders")}", "add encoders until there are three or more"),
            "pattern" when (path.EndsWith(".plugin", StringComparison.Ordinal) || path.EndsWith(".id", StringComparison.Ordinal)) =>
                new(path, "not a valid id", "ids are lowercase kebab-case, e.g. 'my-encoder'"),
            "pattern" when path.EndsWith(".frameRate", StringComparison.Ordinal) =>
                new(path, "not a frame rate", "write a fraction such as \"30/1\" or \"30000/1001\": numerator and denominator at most 999999, 1 to 1000 frames per second"),
            "enum" when AllowedValues(schemaPath) is { } allowed => new(path, $"not one of {allowed}", "see schemas/swarm-manifest.schema.json"),
            _ => new(path, Lower(message)),
        };
    }

    private static string SuggestProperty(string path)
    {
        var name = path[(path.LastIndexOfAny(['.', '\'']) + 1)..].TrimEnd(']', '\'');
        return Plugins.ClosestName.Find(name, PropertyNames.Value) is { } closest
            ? $"did you mean '{closest}'?"
            : "remove it; the schema lists the properties allowed here";
    }

    private static string? AllowedValues(string evaluationPath)
    {
        var node = SchemaDocument.Value.RootElement;
        foreach (var segment in evaluationPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Append("enum"))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                return null;
            }
        }

        return string.Join(", ", node.EnumerateArray().Select(v => v.GetRawText()));
    }

    private static int Count(JsonElement document, string property) =>
        document.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;

    private static string[] CollectPropertyNames()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        names.UnionWith(property.Value.EnumerateObject().Select(p => p.Name));
                    }

                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(SchemaDocument.Value.RootElement);
        return [.. names];
    }

    private static JsonSchema Load() => JsonSchema.FromText(Text);

    private static string ReadText()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("swarm-manifest.schema.json")
            ?? throw new InvalidOperationException("The manifest schema is not embedded in the host; rebuild the host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
