using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>node-clock</c> event: the clock of a node running this run's lanes changed state, or the node became Degraded (or recovered).</summary>
/// <param name="Node">The node.</param>
/// <param name="Clock">Its clock component.</param>
/// <param name="From">The clock's state before (<c>-</c> for the first reading).</param>
/// <param name="State">Its state now.</param>
/// <param name="Degraded">Whether the node counts as Degraded now: its clock is neither Synchronised nor in Holdover, or in Holdover for longer than <c>cluster.holdoverLimitS</c>.</param>
/// <param name="OffsetNs">The clock's last measured offset from its reference, ns, when known.</param>
/// <param name="Note">What the change means for the swarm, or <c>null</c>.</param>
internal sealed record NodeClockEvent(string Node, string Clock, string From, string State, bool Degraded, double? OffsetNs, string? Note) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "node-clock";
}
