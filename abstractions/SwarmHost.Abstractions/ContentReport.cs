namespace SwarmHost.Abstractions;

/// <summary>What the analyzers found in one source frame: named metrics (see <see cref="ContentMetrics"/>).</summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
/// <param name="Sequence">The sequence number of the analysed frame.</param>
/// <param name="Metrics">Metric name to value. A metric an analyzer did not produce for this frame is absent, not zero.</param>
public sealed record ContentReport(long Sequence, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Reads a metric, or <paramref name="fallback"/> when no analyzer produced it.</summary>
    public double Get(string metric, double fallback = double.NaN) =>
        Metrics.TryGetValue(metric, out var value) ? value : fallback;
}
