using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Manifest;

/// <summary>
/// Reads where each encoder runs: its <c>isolation</c> (its own, else the manifest's, else
/// in-process) and its lane limits (<c>cpuQuota</c>, <c>memoryLimitMb</c>), and checks them against
/// what its options declare: a value that ends the whole process (<see cref="OptionDescriptor.ProcessFatalValues"/>)
/// is a warning in the host's process; one that takes memory without bound
/// (<see cref="OptionDescriptor.UnboundedMemoryValues"/>) is refused without a lane memory limit.
/// </summary>
internal static class EncoderLanes
{
    /// <summary>The encoders with their isolation and limits; problems and warnings are added with their JSON paths.</summary>
    public static List<ComponentInstance>? Read(JsonElement root, List<ComponentInstance>? encoders, PluginCatalog catalog, List<ManifestProblem> problems, List<ManifestProblem> warnings)
    {
        if (encoders is null || !root.TryGetProperty("encoders", out var array))
        {
            return encoders;
        }

        var fallback = Isolation(root) ?? LaneIsolation.InProcess;
        var elements = array.EnumerateArray().ToList();
        var placed = new List<ComponentInstance>();
        for (var i = 0; i < encoders.Count; i++)
        {
            var element = elements[i];
            var encoder = encoders[i] with
            {
                Isolation = Isolation(element) ?? fallback,
                CpuQuota = element.TryGetProperty("cpuQuota", out var quota) && quota.TryGetDouble(out var cores) ? cores : null,
                MemoryLimitMb = element.TryGetProperty("memoryLimitMb", out var limit) && limit.TryGetInt64(out var megabytes) ? megabytes : null,
                Node = element.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.String ? node.GetString() : null,
                Cores = element.TryGetProperty("cores", out var declared) && declared.TryGetDouble(out var taken) ? taken : 1,
            };
            if (encoder.Node is null && ClusterSettings.Read(root) is { AutoPlacement: true })
            {
                encoder = encoder with { PlacedByCoordinator = true };
            }

            if (encoder.Node is null && !encoder.PlacedByCoordinator && element.TryGetProperty("cores", out _))
            {
                problems.Add(new(JsonPaths.Property(encoder.JsonPath, "cores"), "cores are what an encoder takes on a cluster node; this encoder runs on this machine", "add \"node\" to this encoder, or \"placement\": \"auto\" to the cluster, or remove cores"));
            }

            if (encoder.Node is not null || encoder.PlacedByCoordinator)
            {
                CheckPlacement(root, element, encoder, problems);
                encoder = encoder with { Isolation = LaneIsolation.Process }; // a node runs it in a process lane of its own
            }

            foreach (var (name, given) in new[] { ("cpuQuota", encoder.CpuQuota is not null), ("memoryLimitMb", encoder.MemoryLimitMb is not null) })
            {
                if (given && encoder.Isolation != LaneIsolation.Process)
                {
                    problems.Add(new(JsonPaths.Property(encoder.JsonPath, name), "a limit is enforced on a process lane only; this encoder runs in the host's process", $"add \"isolation\": \"process\" to this encoder (or at the top level), or remove {name}"));
                }
            }

            CheckHazards(encoder, encoder.Spec, JsonPaths.Property(encoder.JsonPath, "options"), catalog, problems, warnings);
            placed.Add(encoder);
        }

        return placed;
    }

    /// <summary>An encoder placed on a node needs the cluster, runs in a process lane there, and takes no lane limits (the node's own machine sets those).</summary>
    private static void CheckPlacement(JsonElement root, JsonElement element, ComponentInstance encoder, List<ManifestProblem> problems)
    {
        var path = JsonPaths.Property(encoder.JsonPath, "node");
        if (!root.TryGetProperty("cluster", out _))
        {
            problems.Add(new(path, $"encoder '{encoder.InstanceId}' is placed on node '{encoder.Node}', but the manifest names no cluster", "add \"cluster\": { \"join\": [\"host:port\"] } at the top level (docs/distributed.md)"));
        }

        if (element.TryGetProperty("isolation", out var isolation) && isolation.ValueKind == JsonValueKind.String && isolation.GetString() == "inprocess")
        {
            problems.Add(new(JsonPaths.Property(encoder.JsonPath, "isolation"), "an encoder on a node runs in a process lane of that node, not in this process", "remove \"isolation\" from this encoder"));
        }

        foreach (var (name, given) in new[] { ("cpuQuota", encoder.CpuQuota is not null), ("memoryLimitMb", encoder.MemoryLimitMb is not null) })
        {
            if (given)
            {
                problems.Add(new(JsonPaths.Property(encoder.JsonPath, name), "lane limits apply to process lanes on this machine; an encoder on a node runs under that node's limits", $"remove {name}, or run this encoder here"));
            }
        }
    }

    private static LaneIsolation? Isolation(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("isolation", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() == "process" ? LaneIsolation.Process : LaneIsolation.InProcess
            : null; // the schema checked the value

    /// <summary>Checks <paramref name="spec"/>'s option values, and those of the components nested in it, against their declared hazards.</summary>
    private static void CheckHazards(ComponentInstance encoder, ComponentSpec spec, string optionsPath, PluginCatalog catalog, List<ManifestProblem> problems, List<ManifestProblem> warnings)
    {
        if (!catalog.TryGetActive(spec.Plugin, out var record))
        {
            return;
        }

        foreach (var option in record.Descriptor!.Options)
        {
            var path = JsonPaths.Property(optionsPath, option.Name);
            switch (spec.Options.TryGetValue(option.Name, out var value) ? value : null)
            {
                case ComponentSpec nested:
                    CheckHazards(encoder, nested, JsonPaths.Property(path, "options"), catalog, problems, warnings);
                    break;
                case string text when option.UnboundedMemoryValues?.Contains(text) == true && (encoder.Isolation != LaneIsolation.Process || encoder.MemoryLimitMb is null):
                    problems.Add(new(path, $"'{text}' takes memory without bound until the process is killed, and encoder '{encoder.InstanceId}' has no lane memory limit", "give the encoder \"isolation\": \"process\" and \"memoryLimitMb\""));
                    break;
                case string text when option.ProcessFatalValues?.Contains(text) == true && encoder.Isolation != LaneIsolation.Process:
                    warnings.Add(new(path, $"'{text}' ends or freezes the whole process it runs in, and encoder '{encoder.InstanceId}' runs in the swarmhost process: the whole swarm will go down with it", "give the encoder \"isolation\": \"process\" to lose that encoder only"));
                    break;
            }
        }
    }
}
