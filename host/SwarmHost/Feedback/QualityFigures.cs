namespace SwarmHost.Feedback;

/// <summary>Picture quality over a run: mean and 5th percentile of luma PSNR and SSIM against the source.</summary>
/// <param name="Frames">Pictures measured (PSNR).</param>
/// <param name="MeanPsnr">Mean luma PSNR, dB (NaN when nothing was measured).</param>
/// <param name="P5Psnr">5th-percentile luma PSNR, dB: the worst frames, not the average, are what viewers notice.</param>
/// <param name="MeanSsim">Mean luma SSIM (NaN when not sampled).</param>
/// <param name="P5Ssim">5th-percentile luma SSIM.</param>
public sealed record QualityFigures(long Frames, double MeanPsnr, double P5Psnr, double MeanSsim, double P5Ssim)
{
    /// <summary>Nothing measured.</summary>
    public static QualityFigures None { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The figures of per-frame measurements (NaN entries are skipped).</summary>
    public static QualityFigures Of(IEnumerable<double> psnr, IEnumerable<double> ssim)
    {
        ArgumentNullException.ThrowIfNull(psnr);
        ArgumentNullException.ThrowIfNull(ssim);
        var p = psnr.Where(double.IsFinite).ToList();
        var s = ssim.Where(double.IsFinite).ToList();
        return new QualityFigures(p.Count, Round(Mean(p), 3), Round(Percentile(p, 0.05), 3), Round(Mean(s), 5), Round(Percentile(s, 0.05), 5));
    }

    /// <summary>The <paramref name="fraction"/> percentile by nearest rank (NaN when empty).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SortedSamples.NearestRank([.. values.Order()], fraction);
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : value;
}
