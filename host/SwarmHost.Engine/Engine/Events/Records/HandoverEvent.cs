using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>handover</c> event: the output's source encoder changed.</summary>
/// <param name="From">The previous encoder.</param>
/// <param name="To">The new one.</param>
/// <param name="Planned">Whether it was planned at this frame (a scheduled switch the combiner spliced in), not forced by a failure or chosen at a GOP boundary.</param>
internal sealed record HandoverEvent(string From, string To, bool Planned) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "handover";
}
