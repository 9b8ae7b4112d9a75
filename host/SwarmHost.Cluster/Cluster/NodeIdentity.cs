using SwarmHost.Abstractions;

namespace SwarmHost.Cluster;

/// <summary>What a member knows of itself that the cluster cannot tell it: its name, versions, installed encoders and clock.</summary>
/// <param name="Name">The node's name (unique in a cluster).</param>
/// <param name="ProductVersion">The SwarmHost version.</param>
/// <param name="ContractVersion">The plugin contract, <c>major.minor</c>.</param>
/// <param name="Encoders">The encoder components its plugin roots hold.</param>
/// <param name="ClockId">Its clock component's id.</param>
/// <param name="Clock">Its running clock (read for state and offset only); <c>null</c> for a member that stamps no frames of its own.</param>
/// <param name="LaneAddress">Where coordinators open lane links to it; <c>null</c> for a member that runs no lanes.</param>
public sealed record NodeIdentity(string Name, string ProductVersion, string ContractVersion, IReadOnlyList<string> Encoders, string ClockId, IClock? Clock, string? LaneAddress);
