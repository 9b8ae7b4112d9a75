namespace SwarmHost.Reporting;

/// <summary>The output's quality over a window of pictures, as an <c>output-quality</c> event recorded it.</summary>
/// <param name="First">First picture of the window (sequence number).</param>
/// <param name="Last">Last picture of the window.</param>
/// <param name="Psnr">Mean luma PSNR, dB, or <c>null</c>.</param>
/// <param name="Ssim">Mean luma SSIM, or <c>null</c> when not measured.</param>
public sealed record OutputQualityRecord(long First, long Last, double? Psnr, double? Ssim);
