using SwarmHost.Telemetry;

namespace SwarmHost.Feedback;

/// <summary>The <c>encoder-stats</c> event: one encoder's figures over the GOP just closed (docs/events.md).</summary>
/// <param name="Frames">Slots it was expected in.</param>
/// <param name="Delivered">Units it delivered on time and good.</param>
/// <param name="Missed">Slots it missed.</param>
/// <param name="MeanEncodeMs">Mean encode time, ms.</param>
/// <param name="MaxEncodeMs">Longest encode time, ms.</param>
/// <param name="BudgetShare">Mean encode time over the frame interval.</param>
/// <param name="CpuMsPerFrame">CPU time per encode call, ms.</param>
/// <param name="MeanQueueDepth">Mean frames queued for it.</param>
/// <param name="MaxQueueDepth">Most frames queued for it.</param>
/// <param name="Kbps">Bitrate of what it produced, kbit/s.</param>
/// <param name="Psnr">Mean luma PSNR of its units, dB.</param>
/// <param name="Ssim">Mean luma SSIM of its units.</param>
/// <param name="QualityCostMs">Time spent measuring its quality per frame, ms.</param>
/// <param name="Encoder">The encoder.</param>
/// <param name="RssMb">The resident size of its lane process at the GOP's end, MB; <c>null</c> (not written) for an encoder in the host's process.</param>
public sealed record EncoderStatsEvent(
    long Frames,
    long Delivered,
    long Missed,
    double MeanEncodeMs,
    double MaxEncodeMs,
    double BudgetShare,
    double CpuMsPerFrame,
    double MeanQueueDepth,
    int MaxQueueDepth,
    double Kbps,
    double Psnr,
    double Ssim,
    double QualityCostMs,
    string Encoder,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? RssMb = null) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "encoder-stats";
}
