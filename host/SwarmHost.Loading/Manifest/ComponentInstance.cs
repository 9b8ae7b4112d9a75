using SwarmHost.Abstractions;

namespace SwarmHost.Manifest;

/// <summary>One component instance the manifest asks for, with its options validated and defaults applied.</summary>
/// <param name="InstanceId">The instance id (an encoder's <c>id</c>; the component id when the manifest gives none).</param>
/// <param name="Spec">The component id and its options.</param>
/// <param name="JsonPath">Where the instance is declared, for messages.</param>
public sealed record ComponentInstance(string InstanceId, ComponentSpec Spec, string JsonPath)
{
    /// <summary>For an encoder: where it runs (its own <c>isolation</c>, else the manifest's, else <see cref="LaneIsolation.InProcess"/>).</summary>
    public LaneIsolation Isolation { get; init; }

    /// <summary>For an encoder: the cluster node that runs it (its <c>node</c>); <c>null</c> for this machine.</summary>
    public string? Node { get; init; }

    /// <summary>For an encoder: whether the coordinator places it on a node when the run starts (<c>"placement": "auto"</c> and no <c>node</c>); its <see cref="Node"/> is set then.</summary>
    public bool PlacedByCoordinator { get; init; }

    /// <summary>For an encoder on a node: the cores it takes there (<c>cores</c>, default 1).</summary>
    public double Cores { get; init; } = 1;

    /// <summary>For an encoder in a process lane: the CPU it may use, in cores (<c>cpuQuota</c>); <c>null</c> for no limit.</summary>
    public double? CpuQuota { get; init; }

    /// <summary>For an encoder in a process lane: the memory it may use, MB (<c>memoryLimitMb</c>); <c>null</c> for no limit.</summary>
    public long? MemoryLimitMb { get; init; }
}
