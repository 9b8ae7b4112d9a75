using SwarmHost.Abstractions;

namespace SwarmHost.Weighting;

/// <summary>
/// The content features the predictive policy's per-encoder models regress on, each scaled to
/// about [0, 1]: a constant, complexity, edge density (×10, at most 1), temporal information
/// (/40, at most 2) and fast action. Metrics an analyzer did not report count as 0.
/// </summary>
public static class ContentFeatures
{
    /// <summary>Number of features, the constant included.</summary>
    public const int Count = 5;

    /// <summary>Temporal information (P.910) that maps to 1: a busy, fast-moving picture.</summary>
    private const double TemporalScale = 40;

    /// <summary>Edge density of a very detailed picture is about 0.1 (10 % of pixels on edges).</summary>
    private const double EdgeScale = 10;

    /// <summary>The content type with the highest <c>contentType.&lt;label&gt;</c> probability in the report, or null when no analyzer reported one (ties go to the label first in ordinal order).</summary>
    public static string? DominantType(ContentReport content)
    {
        ArgumentNullException.ThrowIfNull(content);
        string? best = null;
        var bestProbability = double.NegativeInfinity;
        foreach (var (metric, value) in content.Metrics)
        {
            if (!metric.StartsWith(ContentMetrics.ContentTypePrefix, StringComparison.Ordinal) || !double.IsFinite(value))
            {
                continue;
            }

            var label = metric[ContentMetrics.ContentTypePrefix.Length..];
            if (value > bestProbability || (value == bestProbability && string.CompareOrdinal(label, best) < 0))
            {
                (best, bestProbability) = (label, value);
            }
        }

        return best;
    }

    /// <summary>The feature vector of one frame's content report.</summary>
    public static double[] Of(ContentReport content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return
        [
            1,
            content.Get(ContentMetrics.Complexity, 0),
            Math.Min(1, content.Get(ContentMetrics.EdgeDensity, 0) * EdgeScale),
            Math.Min(2, content.Get(ContentMetrics.TemporalInformation, 0) / TemporalScale),
            content.Get(ContentMetrics.FastAction, 0),
        ];
    }
}
