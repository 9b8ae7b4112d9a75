namespace SwarmHost.Engine.Events;

/// <summary>One encoder's forecast in a <c>weights</c> event.</summary>
/// <param name="EncodeMs">Forecast encode time, ms.</param>
/// <param name="Psnr">Forecast PSNR, dB.</param>
/// <param name="MissInFrames">Frames until a forecast deadline miss, or <c>null</c> when none is forecast.</param>
/// <param name="Target">The weight the policy aims the encoder at.</param>
internal sealed record ForecastFields(double EncodeMs, double Psnr, int? MissInFrames, double Target);
