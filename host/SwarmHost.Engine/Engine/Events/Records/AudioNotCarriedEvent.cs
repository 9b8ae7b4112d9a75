using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>audio-not-carried</c> event: the source has audio the output could carry, but it is left out, and why.</summary>
/// <param name="Reason">Why, and what to change to carry it.</param>
internal sealed record AudioNotCarriedEvent(string Reason) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "audio-not-carried";
}
