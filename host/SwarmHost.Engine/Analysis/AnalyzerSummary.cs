namespace SwarmHost.Analysis;

/// <summary>What one analyzer instance cost over a run.</summary>
/// <param name="Id">Its instance id.</param>
/// <param name="Plugin">Its component id.</param>
/// <param name="Frames">Frames it was given.</param>
/// <param name="MeanMs">Mean time per frame, ms (wall time of its calls on the feeder thread).</param>
/// <param name="MeanCpuMs">Mean CPU time the feeder thread spent in its calls per frame, ms: its cost without the waits (for a core on a busy machine, or for work it handed to a thread of its own, which it reports itself); NaN where the thread clock is unavailable.</param>
/// <param name="MaxMs">Longest time on one frame, ms.</param>
/// <param name="Errors">Frames on which it threw.</param>
public sealed record AnalyzerSummary(string Id, string Plugin, long Frames, double MeanMs, double MeanCpuMs, double MaxMs, long Errors);
