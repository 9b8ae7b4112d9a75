namespace SwarmHost.Feedback;

/// <summary>The output's quality over the pictures scored since the previous window (an <c>output-quality</c> event).</summary>
/// <param name="First">Sequence number of the first picture scored in the window.</param>
/// <param name="Last">Sequence number of the last picture scored in the window.</param>
/// <param name="Frames">Pictures scored (slots missing from the output count, scored as a repeat).</param>
/// <param name="MeanPsnr">Mean luma PSNR, dB.</param>
/// <param name="MeanSsim">Mean luma SSIM over the pictures SSIM was measured on, or <c>null</c> when none was.</param>
public sealed record OutputQualityWindow(long First, long Last, int Frames, double MeanPsnr, double? MeanSsim);
