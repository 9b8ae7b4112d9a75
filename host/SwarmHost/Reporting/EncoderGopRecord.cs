namespace SwarmHost.Reporting;

/// <summary>One encoder's figures for one GOP, as an <c>encoder-stats</c> event recorded them.</summary>
/// <param name="Encoder">Manifest id.</param>
/// <param name="Sequence">The GOP's last slot.</param>
/// <param name="MeanEncodeMs">Mean encode time per frame, ms.</param>
/// <param name="MaxEncodeMs">Longest encode time, ms.</param>
/// <param name="Missed">Slots of the GOP it did not deliver in time.</param>
/// <param name="Psnr">Mean luma PSNR of its units, dB, or <c>null</c> when not measured.</param>
/// <param name="Ssim">Mean luma SSIM of its units, or <c>null</c> when not measured.</param>
public sealed record EncoderGopRecord(string Encoder, long Sequence, double MeanEncodeMs, double MaxEncodeMs, long Missed, double? Psnr, double? Ssim);
