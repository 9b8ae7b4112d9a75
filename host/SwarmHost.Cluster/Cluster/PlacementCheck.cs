using System.Globalization;
using SwarmHost.Manifest;

namespace SwarmHost.Cluster;

/// <summary>
/// Checks a manifest's placement against the nodes of a running cluster: every node it names is a
/// reachable member running this SwarmHost and plugin contract, has the encoder component, and has
/// the cores the encoders placed on it declare free. Every problem at the encoder's JSON path.
/// </summary>
public static class PlacementCheck
{
    /// <summary>
    /// Places the encoders the coordinator places (<see cref="ComponentInstance.PlacedByCoordinator"/>),
    /// in manifest order, each on the reachable node that runs this version, is not draining, has
    /// the component and has the most cores free — counting the encoders the manifest names on it and those just
    /// placed; ties by name. Returns every encoder (placed ones with their node) and a problem for
    /// each that no node can take.
    /// </summary>
    public static (IReadOnlyList<ComponentInstance> Encoders, IReadOnlyList<ManifestProblem> Problems) Assign(IReadOnlyList<ComponentInstance> encoders, IReadOnlyDictionary<string, NodeAdvert> nodes, string productVersion, string contractVersion)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentNullException.ThrowIfNull(nodes);
        var taken = nodes.Keys.ToDictionary(n => n, n => encoders.Where(e => e.Node == n).Sum(e => e.Cores), StringComparer.Ordinal);
        var problems = new List<ManifestProblem>();
        var placed = new List<ComponentInstance>();
        foreach (var encoder in encoders)
        {
            if (!encoder.PlacedByCoordinator || encoder.Node is not null)
            {
                placed.Add(encoder);
                continue;
            }

            var best = nodes.Values.Where(n => n.Runs(productVersion, contractVersion) && !n.Draining && n.Encoders.Contains(encoder.Spec.Plugin, StringComparer.Ordinal) && n.FreeCores - taken[n.Name] >= encoder.Cores - 1e-9)
                .OrderByDescending(n => n.FreeCores - taken[n.Name]).ThenBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault();
            if (best is null)
            {
                var free = nodes.Count == 0 ? "no node is reachable" : string.Join(", ", nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => string.Create(CultureInfo.InvariantCulture, $"'{n.Name}' {n.FreeCores - taken[n.Name]:0.##} free{(n.Encoders.Contains(encoder.Spec.Plugin, StringComparer.Ordinal) ? "" : $", no '{encoder.Spec.Plugin}'")}{(n.Draining ? ", draining" : "")}{(n.Runs(productVersion, contractVersion) ? "" : $", runs SwarmHost {n.ProductVersion} (contract {n.ContractVersion})")}")));
                problems.Add(new(encoder.JsonPath, string.Create(CultureInfo.InvariantCulture, $"no node can take encoder '{encoder.InstanceId}' ({encoder.Cores:0.##} cores, component '{encoder.Spec.Plugin}'): {free}"), "start another node, or lower the encoders' \"cores\""));
                placed.Add(encoder);
                continue;
            }

            taken[best.Name] += encoder.Cores;
            placed.Add(encoder with { Node = best.Name });
        }

        return (placed, problems);
    }

    /// <summary>The problems of placing <paramref name="encoders"/> on <paramref name="nodes"/> (by name); empty when it fits.</summary>
    public static IReadOnlyList<ManifestProblem> Problems(IReadOnlyList<ComponentInstance> encoders, IReadOnlyDictionary<string, NodeAdvert> nodes, string productVersion, string contractVersion)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentNullException.ThrowIfNull(nodes);
        var problems = new List<ManifestProblem>();
        var seen = nodes.Count == 0 ? "no node is" : string.Join(", ", nodes.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'")) + (nodes.Count == 1 ? " is" : " are");
        foreach (var encoder in encoders.Where(e => e.Node is not null))
        {
            var path = JsonPaths.Property(encoder.JsonPath, "node");
            if (!nodes.TryGetValue(encoder.Node!, out var node))
            {
                problems.Add(new(path, $"node '{encoder.Node}' is not a reachable member of the cluster ({seen} there)", "start it with `swarmhost node --name <name> --join …`, or place the encoder on another node"));
                continue;
            }

            if (node.Draining)
            {
                problems.Add(new(path, $"node '{node.Name}' is draining (it was asked to stop) and takes no new lane", "wait until it has left and start it again, or place the encoder on another node"));
            }

            if (node.ProductVersion != productVersion || node.ContractVersion != contractVersion)
            {
                problems.Add(new(path, $"node '{node.Name}' runs SwarmHost {node.ProductVersion} (plugin contract {node.ContractVersion}); this one runs {productVersion} (contract {contractVersion})", "run the same version on every node"));
            }

            if (!node.Encoders.Contains(encoder.Spec.Plugin, StringComparer.Ordinal))
            {
                problems.Add(new(path, $"node '{node.Name}' has no encoder component '{encoder.Spec.Plugin}' (it has {string.Join(", ", node.Encoders)})", "install the plugin package in that node's plugin root, or place the encoder on another node"));
            }
        }

        foreach (var placed in encoders.Where(e => e.Node is not null && nodes.ContainsKey(e.Node)).GroupBy(e => e.Node!, StringComparer.Ordinal))
        {
            var node = nodes[placed.Key];
            var wanted = placed.Sum(e => e.Cores);
            if (wanted > node.FreeCores + 1e-9)
            {
                var first = placed.First();
                problems.Add(new(JsonPaths.Property(first.JsonPath, "node"), string.Create(CultureInfo.InvariantCulture,
                    $"the encoders placed on node '{node.Name}' ({string.Join(", ", placed.Select(e => e.InstanceId))}) declare {wanted:0.##} cores; it has {node.FreeCores:0.##} of {node.Cores} free"), "place some on another node, or lower their \"cores\""));
            }
        }

        return problems;
    }
}
