namespace SwarmHost.Tests;

/// <summary>Tests that start real time peers (chronyd, ptp4l) in network namespaces: one at a time, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClockPeersGroup
{
    public const string Name = "clock peers";
}
