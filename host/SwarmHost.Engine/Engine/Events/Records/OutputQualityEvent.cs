using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>output-quality</c> event: the output's quality over the pictures scored since the previous such event.</summary>
/// <param name="First">The first slot scored.</param>
/// <param name="Last">The last slot scored.</param>
/// <param name="Frames">Pictures scored.</param>
/// <param name="Psnr">Mean luma PSNR, dB.</param>
/// <param name="Ssim">Mean luma SSIM, when measured.</param>
internal sealed record OutputQualityEvent(long First, long Last, int Frames, double Psnr, double? Ssim) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "output-quality";
}
