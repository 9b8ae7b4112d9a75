namespace SwarmHost.Weighting;

/// <summary>What the predictive policy expects of one encoder over its horizon.</summary>
/// <param name="EncodeMs">Mean forecast encode time per frame over the horizon, ms.</param>
/// <param name="Psnr">Mean forecast luma PSNR over the horizon, dB.</param>
/// <param name="MissInFrames">Frames from now until the first forecast deadline miss, or <c>null</c> when none within the horizon.</param>
/// <param name="BelowFloor">Whether the forecast quality is below the quality floor.</param>
/// <param name="Target">The weight target it was given (normalised over live encoders).</param>
public sealed record EncoderForecast(double EncodeMs, double Psnr, int? MissInFrames, bool BelowFloor, double Target);
