namespace SwarmHost.Abstractions;

/// <summary>
/// Well-known metric names in a <see cref="ContentReport"/>. Analyzers may add their own names
/// (lowercase, dot-separated, prefixed with their component id); these are the ones the weighting
/// engine understands.
/// </summary>
public static class ContentMetrics
{
    /// <summary>Overall content complexity in [0, 1].</summary>
    public const string Complexity = "complexity";

    /// <summary>Spatial information (ITU-T P.910).</summary>
    public const string SpatialInformation = "si";

    /// <summary>Temporal information (ITU-T P.910).</summary>
    public const string TemporalInformation = "ti";

    /// <summary>Fraction of edge pixels in [0, 1].</summary>
    public const string EdgeDensity = "edgeDensity";

    /// <summary>Mean motion-vector magnitude in pixels per frame.</summary>
    public const string MotionMean = "motionMean";

    /// <summary>Motion-vector variance in pixels² per frame².</summary>
    public const string MotionVariance = "motionVariance";

    /// <summary>1 when the frame starts a new scene, else 0.</summary>
    public const string SceneCut = "sceneCut";

    /// <summary>Fast-action score in [0, 1].</summary>
    public const string FastAction = "fastAction";

    /// <summary>Low-light score in [0, 1].</summary>
    public const string LowLight = "lowLight";

    /// <summary>Prefix of content-type class probabilities, e.g. <c>contentType.sports</c>.</summary>
    public const string ContentTypePrefix = "contentType.";
}
