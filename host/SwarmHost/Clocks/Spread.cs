namespace SwarmHost.Clocks;

/// <summary>Median and spread of a set of values (ns): min, 5th and 95th percentile (nearest rank), max.</summary>
public sealed record Spread(double Median, double Min, double Max, double P5, double P95, int Count)
{
    /// <summary>The spread of <paramref name="values"/>, or <c>null</c> when there are none.</summary>
    public static Spread? Of(IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        double Rank(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
        return new Spread(median, sorted[0], sorted[^1], Rank(0.05), Rank(0.95), sorted.Count);
    }
}
