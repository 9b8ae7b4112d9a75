using System.Globalization;
using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Manifest;

/// <summary>
/// Resolves a manifest's component reference (<c>{ "plugin": ..., "options": {...} }</c>) against
/// the plugin catalog and checks its options against the component's options table, recording
/// every problem rather than stopping at the first.
/// </summary>
/// <param name="catalog">The components available.</param>
/// <param name="baseDirectory">Folder that relative <see cref="OptionType.Path"/> options resolve against (the manifest's).</param>
/// <param name="problems">Where problems are collected.</param>
public sealed class ComponentResolver(PluginCatalog catalog, string baseDirectory, ICollection<ManifestProblem> problems)
{
    /// <summary>Resolves the component at <paramref name="path"/>; <c>null</c> when it cannot be used (problems recorded).</summary>
    /// <param name="plugin">The component id written in the manifest.</param>
    /// <param name="options">The <c>options</c> object, or <c>null</c> when absent.</param>
    /// <param name="path">JSON path of the component object.</param>
    /// <param name="kind">The kind the position requires.</param>
    public ComponentSpec? Resolve(string plugin, JsonElement? options, string path, ComponentKind kind)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var pluginPath = JsonPaths.Property(path, "plugin");
        if (!catalog.TryGetActive(plugin, out var record))
        {
            problems.Add(Unavailable(plugin, pluginPath, kind));
            return null;
        }

        var descriptor = record.Descriptor!;
        if (descriptor.Kind != kind)
        {
            problems.Add(new(pluginPath, $"'{plugin}' is {Article(descriptor.Kind)} component, not {Article(kind)}",
                catalog.Closest(plugin, kind) is { } other ? $"did you mean the {Name(kind)} '{other}'?" : $"`swarmhost plugins` lists the {Name(kind)} components"));
            return null;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var optionsPath = JsonPaths.Property(path, "options");
        var given = options is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().ToList() : [];
        var byName = descriptor.Options.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var ok = true;
        foreach (var property in given)
        {
            var optionPath = JsonPaths.Property(optionsPath, property.Name);
            if (!byName.TryGetValue(property.Name, out var option))
            {
                problems.Add(new(optionPath, $"'{plugin}' has no option '{property.Name}'",
                    ClosestName.Find(property.Name, byName.Keys) is { } closest
                        ? $"did you mean '{closest}'? `swarmhost inspect {plugin}` lists its options"
                        : $"`swarmhost inspect {plugin}` lists its options"));
                ok = false;
                continue;
            }

            if (Read(option, property.Value, optionPath) is { } value)
            {
                values[option.Name] = value;
            }
            else
            {
                ok = false;
            }
        }

        foreach (var option in descriptor.Options.Where(d => !values.ContainsKey(d.Name) && given.All(g => g.Name != d.Name)))
        {
            if (option.Default is not null)
            {
                values[option.Name] = option.Default;
            }
            else if (option.Required)
            {
                problems.Add(new(optionsPath, $"'{plugin}' needs option '{option.Name}' ({option.Help})", $"add \"{option.Name}\": {OptionValues.Describe(option.Type)}"));
                ok = false;
            }
        }

        return ok ? new ComponentSpec(plugin, new ComponentOptions(values)) : null;
    }

    private ManifestProblem Unavailable(string plugin, string path, ComponentKind kind)
    {
        if (catalog.Find(plugin) is { } known)
        {
            return new(path, $"component '{plugin}' is {known.Status}: {known.Reason}", $"package {known.Package}; run `swarmhost plugins` for details");
        }

        return new(path, $"no {Name(kind)} component '{plugin}' is installed",
            catalog.Closest(plugin, kind) is { } closest
                ? $"did you mean '{closest}'?"
                : $"`swarmhost plugins` lists what is installed in {string.Join(", ", catalog.Roots.DefaultIfEmpty("(no plugin root)"))}");
    }

    private object? Read(OptionDescriptor option, JsonElement value, string path)
    {
        var reportedBefore = problems.Count;
        object? result = option.Type switch
        {
            OptionType.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l) => l,
            OptionType.Integer when value.ValueKind == JsonValueKind.String && OptionValues.TryParseScaled(value.GetString()!, out var scaled) => scaled,
            OptionType.Number when value.ValueKind == JsonValueKind.Number => value.GetDouble(),
            OptionType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
            OptionType.String or OptionType.Enum when value.ValueKind == JsonValueKind.String => value.GetString(),
            OptionType.Path when value.ValueKind == JsonValueKind.String => ReadPath(value.GetString()!, path),
            OptionType.Component when value.ValueKind == JsonValueKind.Object => ReadComponent(option, value, path),
            OptionType.Map when value.ValueKind == JsonValueKind.Object => ReadMap(value, path),
            _ => null,
        };

        if (result is null)
        {
            if (problems.Count == reportedBefore) // nested components and maps report their own problems
            {
                problems.Add(new(path, $"expected {OptionValues.Describe(option.Type)}, got {Describe(value)}", option.Help));
            }

            return null;
        }

        if (OptionValues.Check(option, result) is { } bad)
        {
            problems.Add(new(path, bad, option.Help));
            return null;
        }

        return result;
    }

    private string? ReadPath(string text, string path)
    {
        var full = Path.GetFullPath(text, baseDirectory);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return full;
        }

        problems.Add(new(path, $"file not found: {full}", "relative paths resolve against the manifest's folder"));
        return null;
    }

    private ComponentSpec? ReadComponent(OptionDescriptor option, JsonElement value, string path)
    {
        if (!value.TryGetProperty("plugin", out var plugin) || plugin.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(JsonPaths.Property(path, "plugin"), "missing component id", "write { \"plugin\": \"<id>\", \"options\": { ... } }"));
            return null;
        }

        JsonElement? options = value.TryGetProperty("options", out var o) ? o : null;
        return Resolve(plugin.GetString()!, options, path, option.ComponentKind ?? ComponentKind.Encoder);
    }

    private Dictionary<string, object?>? ReadMap(JsonElement value, string path)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            object? item = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Number when entry.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => entry.Value.GetDouble(),
                JsonValueKind.True or JsonValueKind.False => entry.Value.GetBoolean(),
                _ => null,
            };
            if (item is null)
            {
                problems.Add(new(JsonPaths.Property(path, entry.Name), $"expected a string, number or boolean, got {Describe(entry.Value)}"));
                return null;
            }

            map[entry.Name] = item;
        }

        return map;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>The kind's name in messages ("encoder", "clock", ...).</summary>
    public static string Name(ComponentKind kind) => kind.ToString().ToLower(CultureInfo.InvariantCulture);

    private static string Article(ComponentKind kind) => (kind == ComponentKind.Encoder || kind == ComponentKind.Analyzer ? "an " : "a ") + Name(kind);
}
