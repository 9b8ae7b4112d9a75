using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>handover-start</c> event: the weighting policy moved the lead to another encoder, and the handover is planned at a frame ahead.</summary>
/// <param name="From">The encoder losing the lead.</param>
/// <param name="To">The encoder taking it.</param>
/// <param name="At">The frame the handover is planned at (every encoder asked for a keyframe there, or the next GOP boundary), or <c>null</c> when none could be planned.</param>
/// <param name="Policy">The policy that decided it.</param>
/// <param name="MissInFrames">Frames until the forecast miss, if one is forecast (predictive).</param>
/// <param name="ForecastMs">The losing encoder's forecast encode time, ms, when the policy forecasts.</param>
/// <param name="ForecastPsnr">Its forecast PSNR, dB, when the policy forecasts.</param>
/// <param name="BelowFloor">Whether its forecast quality is below the floor, when the policy forecasts.</param>
internal sealed record HandoverStartEvent(string From, string To, long? At, string Policy, int? MissInFrames, double? ForecastMs, double? ForecastPsnr, bool? BelowFloor) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "handover-start";
}
