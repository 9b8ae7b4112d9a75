using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>What a run's remote lanes share: the links to the nodes, the source and how nodes get it, and the profile every node is told. Creates each <see cref="RemoteLane"/>.</summary>
/// <param name="links">Opens a link to a node.</param>
/// <param name="source">How the nodes get and number the source.</param>
/// <param name="input">The source (what a node opens when it reads the source itself).</param>
/// <param name="allowedFilters">Filters a <c>lavfi:</c> source may use beyond the default list.</param>
/// <param name="profile">The output profile.</param>
/// <param name="verify">Verify every unit (on the node).</param>
/// <param name="ssimEvery">With verification: SSIM every n-th frame.</param>
internal sealed class RemoteLanes(IRemoteLaneLinks links, RemoteSource source, string input, IReadOnlyCollection<string> allowedFilters, OutputProfile profile, bool verify, int ssimEvery)
{
    /// <summary>A lane running encoder <paramref name="instance"/> (not started): on its manifest's node, or, for a fresh instance after a failure, wherever the cluster can take it now.</summary>
    /// <param name="instance">The encoder; its <see cref="ComponentInstance.Node"/> is where the manifest places it.</param>
    /// <param name="generation">1 for the first instance, then +1 per rejoin.</param>
    /// <param name="startSequence">The first sequence number it encodes.</param>
    /// <param name="queueCapacity">Frames it may hold before the intake waits.</param>
    /// <param name="messages">Where it posts.</param>
    /// <param name="previousNode">The node the failed instance ran on; <c>null</c> for the first instance.</param>
    public RemoteLane Create(ComponentInstance instance, int generation, long startSequence, int queueCapacity, ChannelWriter<LaneMessage> messages, string? previousNode)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var placed = instance.Node ?? throw new ArgumentException($"encoder '{instance.InstanceId}' is not placed on a node", nameof(instance));
        var node = previousNode is null ? placed : links.Place(placed, instance.Spec.Plugin, previousNode);
        var start = new RemoteLaneStart(instance.InstanceId, generation, instance.Spec, profile, verify, ssimEvery, startSequence, input, [.. allowedFilters], instance.Cores, source.Relayed, source.SrtLatencyMs);
        return new RemoteLane(start, node, links, source, queueCapacity, messages);
    }
}
