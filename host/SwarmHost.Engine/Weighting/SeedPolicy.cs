namespace SwarmHost.Weighting;

/// <summary>
/// The seed weighting rule, exactly as the design states it, applied once per frame slot to each
/// live encoder: <c>predicted = 0.7 × contentComplexity + 0.3 × encoderPerformance</c>, then
/// <c>w = clamp(w + (predicted − w) × rate, 0, 1)</c>. The stored w is what the next step starts
/// from; <see cref="Normalise"/> gives the copy (summing to 1 over live encoders) the combiner uses.
/// A new or rejoining encoder starts at 1/N.
/// </summary>
public static class SeedPolicy
{
    /// <summary>One step for one encoder.</summary>
    /// <param name="weight">The stored weight.</param>
    /// <param name="contentComplexity">The slot's content complexity in [0, 1].</param>
    /// <param name="encoderPerformance">The encoder's measured performance in [0, 1].</param>
    /// <param name="rate">The weight adjustment rate in (0, 1].</param>
    public static double Step(double weight, double contentComplexity, double encoderPerformance, double rate)
    {
        var predicted = (0.7 * contentComplexity) + (0.3 * encoderPerformance);
        return Math.Clamp(weight + ((predicted - weight) * rate), 0, 1);
    }

    /// <summary>The weights scaled to sum to 1 (equal shares when they are all 0).</summary>
    public static Dictionary<string, double> Normalise(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Values.Sum();
        return weights.ToDictionary(p => p.Key, p => sum > 0 ? p.Value / sum : 1.0 / weights.Count, StringComparer.Ordinal);
    }
}
