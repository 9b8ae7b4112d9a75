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
        var p = QualitySamples.Psnr();
        var s = QualitySamples.Ssim();
        foreach (var value in psnr)
        {
            p.Add(value);
        }

        foreach (var value in ssim)
        {
            s.Add(value);
        }

        return Of(p, s);
    }

    /// <summary>The figures of a run's PSNR and SSIM series.</summary>
    public static QualityFigures Of(QualitySamples psnr, QualitySamples ssim)
    {
        ArgumentNullException.ThrowIfNull(psnr);
        ArgumentNullException.ThrowIfNull(ssim);
        return new QualityFigures(psnr.Count, Round(psnr.Mean, 3), Round(psnr.NearestRank(0.05), 3), Round(ssim.Mean, 5), Round(ssim.NearestRank(0.05), 5));
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : value;
}
