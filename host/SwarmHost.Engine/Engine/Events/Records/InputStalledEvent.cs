using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>input-stalled</c> event: a live input gave no frame for longer than the stall timeout.</summary>
/// <param name="AfterMs">How long it had been silent, ms.</param>
internal sealed record InputStalledEvent(double AfterMs) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "input-stalled";
}
