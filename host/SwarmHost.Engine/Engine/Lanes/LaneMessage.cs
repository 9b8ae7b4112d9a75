using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes;

/// <summary>What an encoder lane tells the engine.</summary>
/// <param name="Worker">The lane it comes from.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Unit">The unit, for <see cref="LaneMessageKind.Unit"/>.</param>
/// <param name="Problem">Why the unit is bad, or why the lane failed; <c>null</c> when fine.</param>
/// <param name="ArrivalTicks">Stopwatch ticks when the unit was ready (after verification).</param>
/// <param name="Psnr">Luma PSNR of the unit's decoded picture against its source, dB; NaN when not verified.</param>
/// <param name="Ssim">Luma SSIM of the same; NaN when not sampled for this frame.</param>
internal sealed record LaneMessage(IEncoderLane Worker, LaneMessageKind Kind, EncodedUnit? Unit, string? Problem, long ArrivalTicks, double Psnr = double.NaN, double Ssim = double.NaN);
