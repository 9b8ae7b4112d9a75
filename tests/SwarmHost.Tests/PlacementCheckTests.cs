using SwarmHost.Abstractions;
using SwarmHost.Cluster;
using SwarmHost.Manifest;

namespace SwarmHost.Tests;

/// <summary>Placement against the nodes' adverts: a node of another product or contract version takes no lane and is refused with both versions named.</summary>
public sealed class PlacementCheckTests
{
    private const string Product = "1.4.0";
    private const string Contract = "1.2";

    [Fact]
    public void A_node_of_another_version_is_refused_with_both_versions_named_and_auto_placement_passes_it_by()
    {
        var nodes = new Dictionary<string, NodeAdvert>(StringComparer.Ordinal)
        {
            ["old"] = Advert("old", Product, "1.1", cores: 8),
            ["new"] = Advert("new", "1.5.0", Contract, cores: 8),
            ["same"] = Advert("same", Product, Contract, cores: 2),
        };

        var named = new ComponentInstance("e0", Spec, "$.encoders[0]") { Node = "old" };
        var problem = Assert.Single(PlacementCheck.Problems([named], nodes, Product, Contract));
        Assert.Equal("$.encoders[0].node", problem.Path);
        Assert.Contains("node 'old' runs SwarmHost 1.4.0 (plugin contract 1.1); this one runs 1.4.0 (contract 1.2)", problem.Message, StringComparison.Ordinal);

        // the nodes of other versions have the most cores free, yet auto placement takes the one of this version
        var automatic = new ComponentInstance("e1", Spec, "$.encoders[1]") { PlacedByCoordinator = true };
        var (placed, unplaced) = PlacementCheck.Assign([automatic], nodes, Product, Contract);
        Assert.Empty(unplaced);
        Assert.Equal("same", Assert.Single(placed).Node);

        // with no node of this version, the refusal says what each runs
        nodes.Remove("same");
        var (_, none) = PlacementCheck.Assign([automatic], nodes, Product, Contract);
        Assert.Contains("'new' 8 free, runs SwarmHost 1.5.0 (contract 1.2)", Assert.Single(none).Message, StringComparison.Ordinal);
    }

    private static ComponentSpec Spec { get; } = new("ffmpeg", new ComponentOptions([new("codec", "libx264")]));

    private static NodeAdvert Advert(string name, string product, string contract, int cores) =>
        new(name, $"10.0.0.{cores}:4053", ["node"], product, contract, cores, 1024, 0.1, ["ffmpeg"], 0, 0, "system: Synchronised", null, null, Draining: false, LaneAddress: "10.0.0.1:4054");
}
