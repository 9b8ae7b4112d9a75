using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary>Components given on the command line (<c>--encoder ffmpeg --option preset=veryfast</c>), checked like a manifest's.</summary>
internal static class ComponentArguments
{
    /// <summary>
    /// Resolves <paramref name="plugin"/> with <c>key=value</c> options against the catalog. Values
    /// that read as JSON (numbers, <c>true</c>/<c>false</c>, objects for maps) keep that type; the
    /// rest are strings, as are all values of string options (<c>preset=12</c>). Every problem is collected.
    /// </summary>
    public static ComponentSpec? Resolve(PluginCatalog catalog, string plugin, IEnumerable<string> pairs, ComponentKind kind, List<ManifestProblem> problems)
    {
        var textual = catalog.TryGetActive(plugin, out var record)
            ? record.Descriptor!.Options.Where(o => o.Type is OptionType.String or OptionType.Enum or OptionType.Path).Select(o => o.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        var options = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new("--option", $"'{pair}' is not name=value", "e.g. --option preset=veryfast"));
                continue;
            }

            var name = pair[..equals];
            var text = pair[(equals + 1)..];
            options[name] = textual.Contains(name) ? JsonValue.Create(text) : Parse(text);
        }

        using var document = JsonDocument.Parse(options.ToJsonString());
        return new ComponentResolver(catalog, Directory.GetCurrentDirectory(), problems).Resolve(plugin, document.RootElement.Clone(), "$", kind);
    }

    /// <summary>Prints each problem as an error line, naming command-line options the way they were given (<c>--option preset</c>).</summary>
    public static void Report(TextWriter error, IEnumerable<ManifestProblem> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"error: {problem with { Path = problem.Path.Replace("$.options.", "--option ", StringComparison.Ordinal) }}");
        }
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '{' || text is "true" or "false"))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // not JSON after all: a string such as 1280x720
            }
        }

        return JsonValue.Create(text);
    }
}
