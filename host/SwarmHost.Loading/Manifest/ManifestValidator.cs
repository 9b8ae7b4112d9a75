using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Manifest;

/// <summary>
/// Validates a manifest completely — JSON Schema first, then everything the schema cannot know:
/// plugin roots, component ids, option tables, duplicate ids, files, container limits — and
/// reports every problem at once.
/// </summary>
/// <param name="discovery">Finds the components the manifest names.</param>
public sealed class ManifestValidator(PluginDiscovery discovery)
{
    private static readonly string[] UrlSchemes = ["lavfi:", "udp://", "srt://", "rtmp://", "rtmps://", "rtp://", "rtsp://", "http://", "https://", "tcp://", "pipe:"];

    /// <summary>Validates the manifest at <paramref name="file"/>.</summary>
    /// <param name="file">The manifest path.</param>
    /// <param name="pluginRoots">Roots given on the command line; they take precedence over the manifest's. <c>null</c> or empty for none.</param>
    /// <param name="defaultRoots">Roots used when neither the command line nor the manifest names any (the installation's); a manifest may name them too.</param>
    /// <param name="allowances">What the command line allows beyond the defaults (plugin roots elsewhere, filters); <c>null</c> for nothing.</param>
    public ManifestValidation Validate(string file, IReadOnlyList<string>? pluginRoots, IReadOnlyList<string> defaultRoots, ManifestAllowances? allowances = null)
    {
        allowances ??= ManifestAllowances.None;
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(defaultRoots);
        var problems = new List<ManifestProblem>();
        if (ManifestReader.Read(file, problems) is not { } document)
        {
            return new(file, problems, null, null);
        }

        var full = Path.GetFullPath(file);
        using (document)
        {
            var located = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(ManifestSchema.Check(document.RootElement).Where(p => !located.Contains(p.Path)));
            if (located.Count > 0)
            {
                return new(file, problems, null, null); // duplicate keys, nulls or NULs: the values cannot be read as meant
            }

            var folder = Path.GetDirectoryName(full)!;
            var roots = ResolveRoots(document.RootElement, folder, pluginRoots, defaultRoots, allowances.PluginRoots, problems);
            var catalog = discovery.Discover(roots);
            // Manifest roots that do not exist were reported (and left out) by ResolveRoots; what discovery
            // finds missing here was given with --plugins.
            foreach (var missing in catalog.MissingRoots.Where(_ => pluginRoots is { Count: > 0 }))
            {
                problems.Add(new(JsonPaths.Root, $"plugin folder given with --plugins not found: {missing}", "create it or fix the path"));
            }

            var warnings = new List<ManifestProblem>();
            var manifest = Build(document.RootElement, full, folder, catalog, allowances, problems, warnings);
            if (manifest is null && problems.Count == 0)
            {
                // Every reader above reports what it cannot use; this keeps "invalid" from ever meaning "0 problems".
                problems.Add(new(JsonPaths.Root, "the manifest could not be read into a swarm", "check it against schemas/swarm-manifest.schema.json"));
            }

            return new(file, problems, problems.Count == 0 ? manifest : null, catalog) { Warnings = warnings };
        }
    }

    private static List<string> ResolveRoots(JsonElement root, string folder, IReadOnlyList<string>? cliRoots, IReadOnlyList<string> defaultRoots, IReadOnlyList<string> allowedRoots, List<ManifestProblem> problems)
    {
        if (cliRoots is { Count: > 0 })
        {
            return cliRoots.Select(Path.GetFullPath).ToList();
        }

        if (!root.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Array)
        {
            return [.. defaultRoots];
        }

        var roots = new List<string>();
        var index = 0;
        foreach (var entry in plugins.EnumerateArray())
        {
            var path = JsonPaths.Index("$.plugins", index++);
            if (entry.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(entry.GetString()))
            {
                continue; // the schema reported it
            }

            var text = entry.GetString()!;
            var resolved = Path.GetFullPath(text, folder);
            if (!PluginPaths.IsUnder(resolved, folder) && !defaultRoots.Concat(allowedRoots).Any(allowed => PluginPaths.IsUnder(resolved, allowed)))
            {
                problems.Add(new(path, $"'{text}' resolves to {PluginPaths.Canonical(resolved)}, outside the manifest's folder {PluginPaths.Canonical(folder)}",
                    $"a manifest alone loads plugins only from inside its folder or the installation; give the folder with --plugins {PluginPaths.Canonical(resolved)}, or allow it with --allow-plugin-root {PluginPaths.Canonical(resolved)}"));
                continue;
            }

            if (!Directory.Exists(resolved))
            {
                problems.Add(new(path, $"plugin folder not found: {resolved}", "create it or fix the path (relative paths resolve against the manifest's folder)"));
                continue;
            }

            roots.Add(resolved);
        }

        return roots;
    }

    private static SwarmManifest? Build(JsonElement root, string file, string folder, PluginCatalog catalog, ManifestAllowances allowances, List<ManifestProblem> problems, List<ManifestProblem> warnings)
    {
        var resolver = new ComponentResolver(catalog, folder, problems);
        // a slot the manifest leaves out gets the installed component ranked first for it (PluginCatalog.DefaultFor)
        var clock = Single(root, "clock", catalog.DefaultFor(ComponentKind.Clock), ComponentKind.Clock, resolver, problems);
        var analyzers = List(root, "analyzers", ComponentKind.Analyzer, resolver, problems, idsRequired: false);
        if (!root.TryGetProperty("analyzers", out _) && catalog.DefaultFor(ComponentKind.Analyzer) is { } analyzer
            && resolver.Resolve(analyzer, null, JsonPaths.Property(JsonPaths.Root, "analyzers"), ComponentKind.Analyzer) is { } analysis)
        {
            analyzers = [new ComponentInstance(analyzer, analysis, JsonPaths.Property(JsonPaths.Root, "analyzers"))]; // content analysis unless the manifest says otherwise ("analyzers": [] for none)
        }
        var encoders = EncoderLanes.Read(root, List(root, "encoders", ComponentKind.Encoder, resolver, problems, idsRequired: true), catalog, problems, warnings);
        if (encoders is not null && root.TryGetProperty("health", out var health) && health.ValueKind == JsonValueKind.Object
            && health.TryGetProperty("minEncoders", out var minimum) && minimum.TryGetInt32(out var least) && least > encoders.Count)
        {
            problems.Add(new("$.health.minEncoders", $"{least} is more than the {encoders.Count} encoders the manifest names, so the swarm could never start", $"give at most {encoders.Count}, or leave it out (default: all of them)"));
        }

        var combiner = Single(root, "combiner", catalog.DefaultFor(ComponentKind.Combiner), ComponentKind.Combiner, resolver, problems);
        var source = Source(root, folder, allowances, problems);
        var output = JsonValues.Text(root, "output", "uri");
        CheckContainer(output, CombinerId(root, catalog), catalog, problems);
        OutputChecks.Check(root, output, problems);
        ScheduledSwitch.Check(root, encoders, combiner is not null && catalog.TryGetActive(combiner.Spec.Plugin, out var switching) && switching.Descriptor!.Capabilities.GopSwitching, problems);

        var profile = Profile(root, problems);
        if (clock is null || combiner is null || analyzers is null || encoders is null || source is null || output is null || profile is null)
        {
            return null;
        }

        return new SwarmManifest(
            file,
            catalog.Roots,
            source,
            profile,
            clock,
            analyzers,
            encoders,
            Weighting(root),
            combiner,
            IsUrl(output) ? output : Path.GetFullPath(output, folder),
            OptionalPath(root, "summary", folder),
            OptionalPath(root, "events", folder),
            OptionalPath(root, "report", folder))
        {
            Health = Health(root),
            Audio = OutputAudio.Read(root),
            Hls = OutputHls.Read(root) ?? OutputHls.Default,
            TransportStream = OutputTransport.Read(root),
            ScheduledSwitches = ScheduledSwitch.Read(root),
            Cluster = ClusterSettings.Read(root),
            CombinerSwitches = catalog.TryGetActive(combiner.Spec.Plugin, out var record) && record.Descriptor!.Capabilities.GopSwitching,
        };
    }

    private static ComponentInstance? Single(JsonElement root, string property, string? fallback, ComponentKind kind, ComponentResolver resolver, List<ManifestProblem> problems)
    {
        var path = JsonPaths.Property(JsonPaths.Root, property);
        if (!root.TryGetProperty(property, out var element))
        {
            if (fallback is null)
            {
                problems.Add(new(path, $"no {property} is named, and no installed {kind.ToString().ToLowerInvariant()} is ranked to be chosen by default", $"name one (`swarmhost plugins` lists the installed components)"));
                return null;
            }

            return resolver.Resolve(fallback, null, path, kind) is { } spec ? new(fallback, spec, path) : null;
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("plugin", out var plugin) || plugin.ValueKind != JsonValueKind.String)
        {
            return null; // the schema reported it
        }

        var id = plugin.GetString()!;
        return resolver.Resolve(id, JsonValues.Options(element), path, kind) is { } resolved ? new(id, resolved, path) : null;
    }

    private static List<ComponentInstance>? List(JsonElement root, string property, ComponentKind kind, ComponentResolver resolver, List<ManifestProblem> problems, bool idsRequired)
    {
        if (!root.TryGetProperty(property, out var array))
        {
            return idsRequired ? null : [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var instances = new List<ComponentInstance>();
        var firstSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        var complete = true;
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, property), index++);
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("plugin", out var plugin) || plugin.ValueKind != JsonValueKind.String)
            {
                complete = false;
                continue;
            }

            var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : plugin.GetString()!;
            if (firstSeen.TryGetValue(id, out var earlier))
            {
                problems.Add(new(JsonPaths.Property(path, idsRequired || element.TryGetProperty("id", out _) ? "id" : "plugin"),
                    $"duplicate {ComponentResolver.Name(kind)} id '{id}' (also {earlier})", "give every instance its own \"id\""));
                complete = false;
            }
            else
            {
                firstSeen[id] = path;
            }

            if (resolver.Resolve(plugin.GetString()!, JsonValues.Options(element), path, kind) is { } spec)
            {
                instances.Add(new(id, spec, path));
            }
            else
            {
                complete = false;
            }
        }

        return complete ? instances : null;
    }

    private static SourceSettings? Source(JsonElement root, string folder, ManifestAllowances allowances, List<ManifestProblem> problems)
    {
        var uri = JsonValues.Text(root, "source", "uri");
        if (uri is null)
        {
            return null;
        }

        if (Media.FilterAllowlist.Refusal(uri, allowances.Filters) is { } refusal)
        {
            problems.Add(new("$.source.uri", refusal));
            return null;
        }

        if (!IsUrl(uri))
        {
            var local = uri;
            if (uri.StartsWith("file:", StringComparison.Ordinal))
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
                {
                    problems.Add(new("$.source.uri", $"'{uri}' is not a file URL", "write file:///absolute/path or a plain path"));
                    return null;
                }

                local = parsed.LocalPath;
            }

            var full = Path.GetFullPath(local, folder);
            if (!File.Exists(full))
            {
                problems.Add(new("$.source.uri", $"input file not found: {full}", "relative paths resolve against the manifest's folder; for a test source write e.g. lavfi:testsrc2=size=1280x720:rate=30"));
                return null;
            }

            uri = full;
        }

        var source = root.GetProperty("source");
        return new SourceSettings(uri, JsonValues.Integer(source, "frames"), JsonValues.Number(source, "duration")) { Realtime = JsonValues.Boolean(source, "realtime") == true };
    }

    private static string? CombinerId(JsonElement root, PluginCatalog catalog) =>
        root.TryGetProperty("combiner", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("plugin", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : catalog.DefaultFor(ComponentKind.Combiner);

    /// <summary>A combiner that switches between the encoders' streams writes parameter-set changes that MP4 cannot carry.</summary>
    private static void CheckContainer(string? output, string? combinerId, PluginCatalog catalog, List<ManifestProblem> problems)
    {
        var switches = combinerId is not null && catalog.TryGetActive(combinerId, out var combiner) && combiner.Descriptor!.Capabilities.GopSwitching;
        if (output is null || IsUrl(output) || !switches)
        {
            return;
        }

        var extension = Path.GetExtension(output).ToUpperInvariant();
        if (extension is ".MP4" or ".MOV" or ".M4V")
        {
            problems.Add(new("$.output.uri", $"a {extension.TrimStart('.').ToLowerInvariant()} file cannot carry the parameter-set changes that switching between encoders produces",
                "use MPEG-TS (.ts), the switching combiner's default, or a raw elementary stream (.h264/.hevc)"));
        }
    }

    private static OutputProfile? Profile(JsonElement root, List<ManifestProblem> problems)
    {
        if (JsonValues.Get(root, "profile") is not { ValueKind: JsonValueKind.Object } p
            || JsonValues.Text(p, "codec") is not { } codec
            || JsonValues.Int32(p, "width") is not { } width
            || JsonValues.Int32(p, "height") is not { } height
            || JsonValues.Text(p, "frameRate") is not { } rateText
            || JsonValues.Int32(p, "gop") is not { } gop)
        {
            return null; // the schema reported what is missing or malformed
        }

        var ok = true;
        if ((long)width * height > PictureLimits.MaxArea)
        {
            problems.Add(new("$.profile", $"a {width}x{height} picture is {(long)width * height:N0} pixels, more than the {PictureLimits.MaxArea:N0} of {PictureLimits.MaxAreaText}",
                $"at most {PictureLimits.MaxSide} per side and {PictureLimits.MaxAreaText} in area"));
            ok = false;
        }

        if (!Rational.TryParse(rateText, out var rate))
        {
            return null; // the schema's pattern reported it
        }

        if (PictureLimits.FrameRateProblem(rate) is { } rateProblem)
        {
            problems.Add(new("$.profile.frameRate", rateProblem,
                $"write a fraction between {PictureLimits.MinFramesPerSecond} and {PictureLimits.MaxFramesPerSecond} frames per second, such as \"30/1\" or \"30000/1001\""));
            ok = false;
        }

        return ok ? new OutputProfile(codec, width, height, rate, gop) : null;
    }

    private static WeightingSettings Weighting(JsonElement root)
    {
        if (!root.TryGetProperty("weighting", out var w) || w.ValueKind != JsonValueKind.Object)
        {
            return WeightingSettings.Default;
        }

        var policy = Enum.TryParse<WeightingPolicy>(JsonValues.Text(w, "policy"), ignoreCase: true, out var parsed) ? parsed : WeightingSettings.Default.Policy;
        var rate = JsonValues.Number(w, "weightAdjustmentRate") ?? WeightingSettings.Default.WeightAdjustmentRate;
        double? Number(string name) => JsonValues.Number(w, name);
        var defaults = WeightingSettings.Default;
        return new WeightingSettings(policy, rate)
        {
            HorizonFrames = JsonValues.Int32(w, "horizonFrames"),
            QualityFloorDb = Number("qualityFloorDb") ?? defaults.QualityFloorDb,
            HysteresisDb = Number("hysteresisDb") ?? defaults.HysteresisDb,
            MaxStep = Number("maxStep") ?? defaults.MaxStep,
            LeaderMargin = Number("leaderMargin") ?? defaults.LeaderMargin,
        };
    }

    private static HealthSettings Health(JsonElement root)
    {
        if (!root.TryGetProperty("health", out var h) || h.ValueKind != JsonValueKind.Object)
        {
            return HealthSettings.Default;
        }

        double? Number(string name) => JsonValues.Number(h, name);
        int? Integer(string name) => JsonValues.Int32(h, name);
        var verify = JsonValues.Boolean(h, "verifyOutput") != false;
        return new HealthSettings(Number("latencyBudgetMs"), Number("hangTimeoutMs"), Integer("rejoinAfterFrames"), verify, Integer("failAfterMisses"))
        {
            SsimEvery = Integer("ssimEvery") ?? HealthSettings.Default.SsimEvery,
            MinEncoders = Integer("minEncoders"),
            RemoteHangTimeoutMs = Number("remoteHangTimeoutMs"),
        };
    }



    private static string? OptionalPath(JsonElement root, string property, string folder) =>
        root.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? Path.GetFullPath(v.GetString()!, folder) : null;

    /// <summary>Whether <paramref name="uri"/> names a URL or test source rather than a file.</summary>
    public static bool IsUrl(string uri) => UrlSchemes.Any(s => uri.StartsWith(s, StringComparison.OrdinalIgnoreCase));
}
