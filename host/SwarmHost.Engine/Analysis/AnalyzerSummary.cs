namespace SwarmHost.Analysis;

/// <summary>What one analyzer instance cost over a run.</summary>
/// <param name="Id">Its instance id.</param>
/// <param name="Plugin">Its component id.</param>
/// <param name="Frames">Frames it was given.</param>
/// <param name="MeanMs">Mean time per frame, ms.</param>
/// <param name="MaxMs">Longest time on one frame, ms.</param>
/// <param name="Errors">Frames on which it threw.</param>
public sealed record AnalyzerSummary(string Id, string Plugin, long Frames, double MeanMs, double MaxMs, long Errors);
