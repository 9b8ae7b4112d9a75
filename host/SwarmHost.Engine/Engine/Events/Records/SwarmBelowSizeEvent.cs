using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>swarm-below-size</c> event: the swarm starts with fewer encoders than the manifest names (allowed by health.minEncoders).</summary>
/// <param name="Live">Encoders that opened.</param>
/// <param name="Encoders">Encoders the manifest names.</param>
/// <param name="MinEncoders">The minimum.</param>
/// <param name="Failures">Why the others did not open.</param>
internal sealed record SwarmBelowSizeEvent(int Live, int Encoders, int MinEncoders, IReadOnlyList<string> Failures) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "swarm-below-size";
}
