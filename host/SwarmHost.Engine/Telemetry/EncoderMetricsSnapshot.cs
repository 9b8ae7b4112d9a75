using SwarmHost.Weighting;

namespace SwarmHost.Telemetry;

/// <summary>One encoder's figures in a <see cref="SwarmMetricsSnapshot"/>.</summary>
/// <param name="Id">The encoder's instance id (the manifest's <c>id</c>).</param>
/// <param name="Weight">Its normalised weight (the weights of the live encoders sum to 1; a failed encoder has 0).</param>
/// <param name="MeanEncodeMs">Mean encode time of its recent frames in milliseconds (0 before it encoded any).</param>
/// <param name="RecentPsnr">Mean PSNR-Y (dB) of its recent units, or NaN when none was measured yet.</param>
/// <param name="State">Its health state.</param>
public sealed record EncoderMetricsSnapshot(string Id, double Weight, double MeanEncodeMs, double RecentPsnr, EncoderState State)
{
    /// <summary>The resident size of its lane process, MB; NaN for an encoder in the host's process.</summary>
    public double ResidentMb { get; init; } = double.NaN;

    /// <summary>The CPU time its lane has used, ms (its encode thread in the host; its whole process, since the encoder opened, in a process lane).</summary>
    public double CpuMs { get; init; } = double.NaN;
}
