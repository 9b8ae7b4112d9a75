using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Preflight;

/// <summary>
/// Reads, from a manifest that failed validation, the parts that can still be opened: the profile
/// and every component that resolves on its own. <c>validate --open</c> uses it so that one pass
/// reports the static problems and every refusal of the components that could be opened. Problems
/// found here are not reported again (validation reported them).
/// </summary>
public static class PartialManifestReader
{
    private const long MaxManifestBytes = 1024 * 1024;

    /// <summary>The targets that can be opened, or <c>null</c> when the file cannot be read or has no usable profile.</summary>
    /// <param name="file">The manifest file.</param>
    /// <param name="catalog">The catalog validation resolved against.</param>
    public static PreflightTargets? Read(string file, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(catalog);
        var full = Path.GetFullPath(file);
        var info = new FileInfo(full);
        if (!info.Exists || info.Length > MaxManifestBytes || info.Attributes.HasFlag(FileAttributes.Device))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(full), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Profile(root) is not { } profile)
            {
                return null;
            }

            var resolver = new ComponentResolver(catalog, Path.GetDirectoryName(full)!, new List<ManifestProblem>());
            var analyzers = root.TryGetProperty("analyzers", out _) ? List(root, "analyzers", ComponentKind.Analyzer, resolver) : DefaultAnalyzers(catalog.DefaultFor(ComponentKind.Analyzer), resolver);
            var uri = JsonValues.Text(root, "source", "uri") ?? "";
            var realtime = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("realtime", out var r) && r.ValueKind == JsonValueKind.True;
            var verify = !(root.TryGetProperty("health", out var h) && h.ValueKind == JsonValueKind.Object && h.TryGetProperty("verifyOutput", out var v) && v.ValueKind == JsonValueKind.False);
            var combiner = Single(root, "combiner", catalog.DefaultFor(ComponentKind.Combiner), ComponentKind.Combiner, resolver);
            return new PreflightTargets(
                full,
                profile,
                Single(root, "clock", catalog.DefaultFor(ComponentKind.Clock), ComponentKind.Clock, resolver),
                analyzers,
                List(root, "encoders", ComponentKind.Encoder, resolver),
                combiner,
                realtime || MediaSource.IsNetworkUri(uri),
                verify,
                combiner is not null && catalog.TryGetActive(combiner.Spec.Plugin, out var record) && record.Descriptor!.Capabilities.GopSwitching);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return null; // validation reported what is wrong with the document
        }
    }

    private static OutputProfile? Profile(JsonElement root)
    {
        if (!root.TryGetProperty("profile", out var p) || p.ValueKind != JsonValueKind.Object
            || !p.TryGetProperty("codec", out var codec) || codec.ValueKind != JsonValueKind.String
            || !p.TryGetProperty("width", out var w) || w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out var width)
            || !p.TryGetProperty("height", out var ht) || ht.ValueKind != JsonValueKind.Number || !ht.TryGetInt32(out var height)
            || !p.TryGetProperty("frameRate", out var rate) || rate.ValueKind != JsonValueKind.String || !Rational.TryParse(rate.GetString(), out var frameRate)
            || !p.TryGetProperty("gop", out var g) || g.ValueKind != JsonValueKind.Number || !g.TryGetInt32(out var gop))
        {
            return null;
        }

        // only a profile the schema would accept is worth opening encoders for
        return width is >= 16 and <= 8192 && height is >= 16 and <= 8192 && width % 2 == 0 && height % 2 == 0 && gop is >= 1 and <= 1000
            && frameRate.Numerator > 0 && frameRate.Denominator > 0
            ? new OutputProfile(codec.GetString()!, width, height, frameRate, gop)
            : null;
    }

    private static ComponentInstance? Single(JsonElement root, string property, string? fallback, ComponentKind kind, ComponentResolver resolver)
    {
        var path = JsonPaths.Property(JsonPaths.Root, property);
        if (!root.TryGetProperty(property, out var element))
        {
            return fallback is not null && resolver.Resolve(fallback, null, path, kind) is { } spec ? new(fallback, spec, path) : null;
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("plugin", out var plugin) && plugin.ValueKind == JsonValueKind.String
            && resolver.Resolve(plugin.GetString()!, JsonValues.Options(element), path, kind) is { } resolved
                ? new(plugin.GetString()!, resolved, path)
                : null;
    }

    /// <summary>Content analysis unless the manifest says otherwise, as validation applies it.</summary>
    private static List<ComponentInstance> DefaultAnalyzers(string? analyzer, ComponentResolver resolver)
    {
        var path = JsonPaths.Property(JsonPaths.Root, "analyzers");
        return analyzer is not null && resolver.Resolve(analyzer, null, path, ComponentKind.Analyzer) is { } spec
            ? [new ComponentInstance(analyzer, spec, path)]
            : [];
    }

    private static List<ComponentInstance> List(JsonElement root, string property, ComponentKind kind, ComponentResolver resolver)
    {
        var instances = new List<ComponentInstance>();
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return instances;
        }

        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, property), index++);
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("plugin", out var plugin) || plugin.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : plugin.GetString()!;
            if (instances.All(i => i.InstanceId != id) && resolver.Resolve(plugin.GetString()!, JsonValues.Options(element), path, kind) is { } spec)
            {
                instances.Add(new(id, spec, path));
            }
        }

        return instances;
    }


}
