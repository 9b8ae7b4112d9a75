using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>input-resumed</c> event: a stalled live input gives frames again.</summary>
internal sealed record InputResumedEvent : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "input-resumed";
}
