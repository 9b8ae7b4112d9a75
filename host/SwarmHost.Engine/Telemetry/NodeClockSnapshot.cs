namespace SwarmHost.Telemetry;

/// <summary>A node's clock as the coordinator last read it: what the node-clock gauges show.</summary>
/// <param name="Node">The node.</param>
/// <param name="State">Its clock's state.</param>
/// <param name="Degraded">Whether the node counts as Degraded.</param>
/// <param name="OffsetNs">The clock's last offset from its reference, ns, when known.</param>
public sealed record NodeClockSnapshot(string Node, string State, bool Degraded, double? OffsetNs);
