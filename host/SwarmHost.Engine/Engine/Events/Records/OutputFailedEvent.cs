using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>output-failed</c> event: the output refused a write (e.g. a full disk); the run stops, what was written stays valid.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Note">What it means for the output.</param>
internal sealed record OutputFailedEvent(string Reason, string Note) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "output-failed";
}
