using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>handover-start</c> event: the weighting moved the lead away from an encoder it forecasts to struggle.</summary>
/// <param name="From">The encoder losing the lead.</param>
/// <param name="To">The encoder taking it.</param>
/// <param name="MissInFrames">Frames until the forecast miss, if one is forecast.</param>
/// <param name="ForecastMs">Its forecast encode time, ms.</param>
/// <param name="ForecastPsnr">Its forecast PSNR, dB.</param>
/// <param name="BelowFloor">Whether its forecast quality is below the floor.</param>
internal sealed record HandoverStartEvent(string From, string To, int? MissInFrames, double ForecastMs, double ForecastPsnr, bool BelowFloor) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "handover-start";
}
