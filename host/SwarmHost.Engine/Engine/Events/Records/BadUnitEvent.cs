using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>bad-unit</c> event: a unit failed verification (it does not decode, or decodes to the wrong picture).</summary>
/// <param name="Encoder">The encoder.</param>
/// <param name="Reason">What is wrong with it.</param>
internal sealed record BadUnitEvent(string Encoder, string? Reason) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "bad-unit";
}
