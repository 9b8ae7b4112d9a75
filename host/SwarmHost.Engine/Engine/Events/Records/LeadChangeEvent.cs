using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>lead-change</c> event: the encoder leading by weight changed.</summary>
/// <param name="From">The previous leader.</param>
/// <param name="To">The new leader.</param>
/// <param name="Policy">The weighting policy.</param>
internal sealed record LeadChangeEvent(string? From, string? To, string Policy) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "lead-change";
}
