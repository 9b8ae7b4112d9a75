namespace SwarmHost.Analysis;

/// <summary>What the analyzers saw over a run.</summary>
/// <param name="MeanComplexity">Mean content complexity over frames that had one, or <c>null</c> when no analyzer reported it.</param>
/// <param name="MaxComplexity">Largest content complexity, or <c>null</c>.</param>
/// <param name="SceneCuts">Frames reported as scene cuts.</param>
/// <param name="FastActionFrames">Frames flagged as fast action.</param>
/// <param name="LowLightFrames">Frames flagged as low light.</param>
/// <param name="ContentType">Per content-type label: the mean probability over frames that carried one.</param>
/// <param name="DominantContentType">The label most often on top, or <c>null</c> when no analyzer reported a content type.</param>
/// <param name="ContentTypeFrames">Per label: frames on which it was on top.</param>
public sealed record ContentSummary(
    double? MeanComplexity,
    double? MaxComplexity,
    long SceneCuts,
    long FastActionFrames,
    long LowLightFrames,
    IReadOnlyDictionary<string, double> ContentType,
    string? DominantContentType,
    IReadOnlyDictionary<string, long> ContentTypeFrames);
