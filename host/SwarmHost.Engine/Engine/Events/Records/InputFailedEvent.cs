using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>input-failed</c> event: the input failed (cannot be read any more); the run ends.</summary>
/// <param name="Reason">Why.</param>
internal sealed record InputFailedEvent(string Reason) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "input-failed";
}
