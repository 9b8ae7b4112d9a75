namespace SwarmHost.Cluster;

/// <summary>How a member joins the cluster.</summary>
/// <param name="Listen">Where it listens for members (and is reached): a specific address and a port, 0 for any free port.</param>
/// <param name="Seeds">Members to join through; empty: this member starts a new cluster.</param>
/// <param name="Roles">Its roles: <c>node</c> for an encoder node, <c>coordinator</c> for a running swarm.</param>
/// <param name="Credentials">The deployment's credentials: only members holding them are let in.</param>
public sealed record ClusterOptions(ClusterEndpoint Listen, IReadOnlyList<ClusterEndpoint> Seeds, IReadOnlyList<string> Roles, DeploymentCredentials Credentials)
{
    /// <summary>The role of an encoder node.</summary>
    public const string NodeRole = "node";

    /// <summary>The role of a running swarm's coordinator.</summary>
    public const string CoordinatorRole = "coordinator";

    /// <summary>The actor system's name: every member of a SwarmHost cluster has it.</summary>
    public const string SystemName = "swarmhost";

    /// <summary>How long membership must be stable before the split-brain resolver acts on a partition.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Heartbeat pause after which a member counts as unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);
}
