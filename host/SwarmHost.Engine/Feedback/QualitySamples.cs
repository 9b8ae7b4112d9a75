namespace SwarmHost.Feedback;

/// <summary>
/// A run's series of one quality measure (luma PSNR or SSIM) in memory that does not grow with the
/// run: the exact count and mean, and a histogram of the values at the precision the summaries
/// report them, so a percentile is exact at that precision. The histogram holds one entry per
/// distinct reported value, never one per frame; its size is bounded by the measure's range over
/// the quantum.
/// </summary>
/// <param name="quantum">The reporting precision (0.001 dB for PSNR, 0.00001 for SSIM): values are counted at this step.</param>
public sealed class QualitySamples(double quantum)
{
    private readonly Dictionary<long, long> _counts = [];
    private double _sum;

    /// <summary>Finite values added.</summary>
    public long Count { get; private set; }

    /// <summary>Distinct values at the quantum's precision: the entries the histogram holds.</summary>
    public int DistinctValues => _counts.Count;

    /// <summary>The mean of the values added (NaN when none was).</summary>
    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    /// <summary>Adds one measurement; NaN and infinities are skipped.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        Count++;
        _sum += value;
        var key = (long)Math.Round(value / quantum, MidpointRounding.AwayFromZero);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>The <paramref name="fraction"/> percentile by nearest rank, at the quantum's precision (NaN when empty).</summary>
    public double NearestRank(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Clamp((long)Math.Ceiling(fraction * Count), 1, Count);
        long seen = 0;
        foreach (var key in _counts.Keys.Order())
        {
            seen += _counts[key];
            if (seen >= rank)
            {
                return key * quantum;
            }
        }

        throw new InvalidOperationException("the histogram holds fewer values than its count");
    }

    /// <summary>A copy, to which more values can be added without changing this one.</summary>
    public QualitySamples Copy()
    {
        var copy = new QualitySamples(quantum) { Count = Count, _sum = _sum };
        foreach (var (key, count) in _counts)
        {
            copy._counts[key] = count;
        }

        return copy;
    }

    /// <summary>A PSNR series (dB, counted at 0.001 dB).</summary>
    public static QualitySamples Psnr() => new(0.001);

    /// <summary>An SSIM series (counted at 0.00001).</summary>
    public static QualitySamples Ssim() => new(0.00001);
}
