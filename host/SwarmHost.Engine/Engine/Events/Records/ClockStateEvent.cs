using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>clock-state</c> event: the clock's state changed (e.g. Synchronised to Holdover).</summary>
/// <param name="From">The state before.</param>
/// <param name="State">The state now.</param>
/// <param name="Source">What the clock follows.</param>
/// <param name="OffsetNs">Its offset from the source, ns, when known.</param>
/// <param name="DelayNs">The path delay to the source, ns, when known.</param>
/// <param name="Detail">The clock's own detail text.</param>
/// <param name="Note">What the change means for the swarm, or <c>null</c>.</param>
internal sealed record ClockStateEvent(string From, string State, string Source, long? OffsetNs, long? DelayNs, string? Detail, string? Note) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "clock-state";
}
