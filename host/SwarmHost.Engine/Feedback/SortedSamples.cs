namespace SwarmHost.Feedback;

/// <summary>Order statistics of samples already sorted ascending: the ones the summaries, <c>compare</c> and <c>clock</c> report.</summary>
public static class SortedSamples
{
    /// <summary>The <paramref name="fraction"/> percentile by nearest rank (NaN when empty).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The median: the middle sample, or the mean of the two middle ones (NaN when empty).</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
