namespace SwarmHost.Media;

/// <summary>Quality of one distorted picture against its source picture.</summary>
/// <param name="PsnrY">PSNR of the luma plane, in dB (100 for identical planes).</param>
/// <param name="PsnrYuv">PSNR of the three planes together, their squared errors weighted by pixel count (4:1:1 for 4:2:0), as FFmpeg's <c>psnr</c> filter's "average".</param>
/// <param name="SsimY">SSIM of the luma plane (0…1).</param>
/// <param name="SsimAll">SSIM of the three planes weighted by pixel count, as FFmpeg's <c>ssim</c> filter's "All".</param>
public readonly record struct PictureQuality(double PsnrY, double PsnrYuv, double SsimY, double SsimAll);
