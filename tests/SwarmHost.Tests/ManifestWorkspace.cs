using System.Text.Json.Nodes;
using SwarmHost.Manifest;

namespace SwarmHost.Tests;

/// <summary>A temp folder with a plugin root (mock components + the system clock), a labels file and a valid manifest to mutate.</summary>
internal sealed class ManifestWorkspace : IDisposable
{
    public const string ValidManifest = """
        {
          "$schema": "../schemas/swarm-manifest.schema.json",
          "plugins": ["plugins"],
          "source": { "uri": "lavfi:testsrc2=size=320x240:rate=30", "frames": 90 },
          "profile": { "codec": "h264", "width": 320, "height": 240, "frameRate": "30/1", "gop": 30 },
          "analyzers": [ { "plugin": "mock-analyzer", "options": { "labels": "labels.txt" } } ],
          "encoders": [
            { "id": "hq", "plugin": "mock-encoder", "options": { "bitrate": 4000000, "preset": "slow" } },
            { "id": "fast", "plugin": "mock-encoder", "options": { "preset": "fast", "lowLatency": true } },
            { "id": "mid", "plugin": "mock-encoder", "options": { "crf": 23.5, "extra": { "x264-params": "aq-mode=2", "threads": 2 },
              "inner": { "plugin": "mock-encoder", "options": { "bitrate": 200000 } } } }
          ],
          "weighting": { "policy": "seed", "weightAdjustmentRate": 0.25 },
          "combiner": { "plugin": "mock-combiner" },
          "output": { "uri": "out/program.ts" },
          "summary": "out/summary.json",
          "events": "out/events.jsonl"
        }
        """;

    private readonly ManifestValidator _validator = new(TestDiscovery.Create());
    private readonly PluginRootBuilder _plugins = new PluginRootBuilder().WithTestPackage("Fixture.Good").WithShippedPackage("SwarmHost.Clocks.System");

    /// <summary>A workspace with the mock components and the system clock, and <paramref name="shippedPackages"/> besides.</summary>
    public ManifestWorkspace(params string[] shippedPackages)
    {
        foreach (var package in shippedPackages)
        {
            _plugins.WithShippedPackage(package);
        }

        File.WriteAllText(Path.Combine(Folder, "labels.txt"), "sports\nother\n");
    }

    public string Folder => _plugins.Workspace;

    public string PluginRoot => _plugins.Root;

    /// <summary>Writes the valid manifest, changed by <paramref name="patches"/> (JSON Pointer → new JSON value, or null to remove).</summary>
    public string Write(params (string Pointer, string? Json)[] patches)
    {
        var root = JsonNode.Parse(ValidManifest)!;
        foreach (var (pointer, json) in patches)
        {
            Patch(root, pointer, json);
        }

        var file = Path.Combine(Folder, $"swarm-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, root.ToJsonString());
        return file;
    }

    public ManifestValidation Validate(string file) => _validator.Validate(file, null, [TestPaths.ShippedPlugins]);

    public void Dispose() => _plugins.Dispose();

    private static void Patch(JsonNode root, string pointer, string? json)
    {
        var segments = pointer.Trim('/').Split('/');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }

        var last = segments[^1];
        if (parent is JsonArray list)
        {
            var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
            if (json is null)
            {
                list.RemoveAt(index);
            }
            else
            {
                list[index] = JsonNode.Parse(json);
            }
        }
        else if (json is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(json);
        }
    }
}
