namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>A node's clock as the coordinator last heard of it (from the node's advert, about once a second).</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Clock">Its clock component, e.g. <c>ptp</c>.</param>
/// <param name="State">That clock's state, e.g. <c>Synchronised</c> or <c>Holdover</c>.</param>
/// <param name="OffsetNs">Its last measured offset from its reference, ns; <c>null</c> when it has none.</param>
public sealed record NodeClockReading(string Node, string Clock, string State, double? OffsetNs);
