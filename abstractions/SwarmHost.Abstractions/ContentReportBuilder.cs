namespace SwarmHost.Abstractions;

/// <summary>Collects the metrics analyzers contribute for one frame, then freezes them into a <see cref="ContentReport"/>.</summary>
/// <remarks>
/// Thread-safe: analyzers of one frame may run in parallel and write to the same builder. A metric
/// written twice keeps the last value written.
/// </remarks>
public sealed class ContentReportBuilder
{
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Starts a report for one frame.</summary>
    /// <param name="sequence">The sequence number of the frame being analysed.</param>
    public ContentReportBuilder(long sequence) => Sequence = sequence;

    /// <summary>The sequence number of the frame being analysed.</summary>
    public long Sequence { get; }

    /// <summary>Sets a metric.</summary>
    /// <param name="metric">A name from <see cref="ContentMetrics"/> or the analyzer's own (prefixed with its id).</param>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void Set(string metric, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Metric '{metric}' must be a finite number; got {value}.", nameof(value));
        }

        lock (_gate)
        {
            _metrics[metric] = value;
        }
    }

    /// <summary>Freezes the metrics collected so far into a report.</summary>
    public ContentReport Build()
    {
        lock (_gate)
        {
            return new ContentReport(Sequence, new Dictionary<string, double>(_metrics, StringComparer.Ordinal));
        }
    }
}
