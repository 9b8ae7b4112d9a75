using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>run-failed</c> event: reading and analysing frames failed (an analyzer or the clock threw); the run ends cleanly.</summary>
/// <param name="Reason">Why.</param>
internal sealed record RunFailedEvent(string Reason) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "run-failed";
}
