namespace SwarmHost.Feedback;

/// <summary>What the feedback loop measured of one encoder id over the run (all its instances).</summary>
/// <param name="MaxEncodeMs">Longest encode call, ms.</param>
/// <param name="BudgetShare">Mean encode time as a share of the frame interval (above 1: it cannot keep up in real time).</param>
/// <param name="CpuMsPerFrame">CPU time of its worker thread per encode call, ms (NaN where the platform cannot tell).</param>
/// <param name="MeanQueueDepth">Frames waiting for it, on average when a slot closed.</param>
/// <param name="MaxQueueDepth">The most frames waiting for it when a slot closed.</param>
/// <param name="ErrorRate">Share of the slots it was given that it missed (late, bad or no unit).</param>
/// <param name="Kbps">Its output bitrate, kbit/s.</param>
/// <param name="TargetKbps">Its configured target, kbit/s, when it has one (the health monitor's business, never a policy's).</param>
/// <param name="Quality">Luma PSNR and SSIM of its decoded units against the source.</param>
/// <param name="QualityCostMs">Wall time per frame spent measuring its quality (decode, PSNR, SSIM) on its worker, ms.</param>
public sealed record EncoderFeedback(
    double MaxEncodeMs,
    double BudgetShare,
    double CpuMsPerFrame,
    double MeanQueueDepth,
    int MaxQueueDepth,
    double ErrorRate,
    double Kbps,
    double? TargetKbps,
    QualityFigures Quality,
    double QualityCostMs)
{
    /// <summary>The largest resident size of its lane processes, MB; <c>null</c> (not written) for an encoder in the host's process.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakRssMb { get; init; }
}
