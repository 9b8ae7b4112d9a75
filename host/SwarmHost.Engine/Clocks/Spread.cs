using SwarmHost.Feedback;

namespace SwarmHost.Clocks;

/// <summary>Median and spread of a set of values (ns): min, 5th and 95th percentile (nearest rank), max.</summary>
public sealed record Spread(double Median, double Min, double Max, double P5, double P95, int Count)
{
    /// <summary>The spread of <paramref name="values"/>, or <c>null</c> when there are none.</summary>
    public static Spread? Of(IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        List<double> sorted = [.. values.Order().Select(v => (double)v)];
        if (sorted.Count == 0)
        {
            return null;
        }

        return new Spread(SortedSamples.Median(sorted), sorted[0], sorted[^1], SortedSamples.NearestRank(sorted, 0.05), SortedSamples.NearestRank(sorted, 0.95), sorted.Count);
    }
}
