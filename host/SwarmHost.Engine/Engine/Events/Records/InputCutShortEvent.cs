using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>input-cut-short</c> event: the input ended before its end (damage the decoder could not get past).</summary>
/// <param name="Reason">Why.</param>
/// <param name="DamagedPackets">Damaged packets counted.</param>
internal sealed record InputCutShortEvent(string Reason, long DamagedPackets) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "input-cut-short";
}
