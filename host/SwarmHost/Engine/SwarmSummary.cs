using SwarmHost.Analysis;
using SwarmHost.Feedback;

namespace SwarmHost.Engine;

/// <summary>The audit of one run: written as the summary JSON and as the last event.</summary>
/// <param name="Input">The input read.</param>
/// <param name="Output">The output written.</param>
/// <param name="FramesIn">Frames read from the input.</param>
/// <param name="FramesOut">Distinct frame slots written to the output.</param>
/// <param name="LostFrames">Slots (input frames and inserted frames) with no frame in the output.</param>
/// <param name="DuplicateFrames">Slots written more than once.</param>
/// <param name="InsertedFrames">Frames the swarm made up: repeats while the input stalled, and slots the combiner filled.</param>
/// <param name="DroppedLateUnits">Units that arrived after their deadline and were dropped.</param>
/// <param name="BadUnits">Units that failed verification (undecodable or garbage) and were not used.</param>
/// <param name="Handovers">Times the output switched from one encoder to another.</param>
/// <param name="ElapsedSeconds">Wall time of the run.</param>
/// <param name="FramesPerSecond">Input frames per second of wall time.</param>
/// <param name="Stopped">Whether the run was stopped (Ctrl+C, SIGTERM) before the input ended.</param>
/// <param name="Error">Why the run failed, or <c>null</c>.</param>
/// <param name="Clock">The clock component and its status at the end.</param>
/// <param name="LatencyBudgetMs">The latency budget used.</param>
/// <param name="HangTimeoutMs">The hang timeout used.</param>
/// <param name="HangDetectionsMs">For each hang: how long the call had been running when the watchdog failed the encoder.</param>
/// <param name="CombinerLatencyFrames">Latency of the output in frames: the most slots the combiner held a unit before writing it (measured; about one GOP for the switching combiner) plus the largest encoder delay.</param>
/// <param name="Analysis">What the analyzers cost and saw: per analyzer, mean and longest time per frame and errors; the content's mean and largest complexity, scene cuts, fast-action and low-light frames, and the content-type probabilities.</param>
/// <param name="Encoders">Per encoder instance id.</param>
public sealed record SwarmSummary(
    string Input,
    string Output,
    long FramesIn,
    long FramesOut,
    long LostFrames,
    long DuplicateFrames,
    long InsertedFrames,
    long DroppedLateUnits,
    long BadUnits,
    long Handovers,
    double ElapsedSeconds,
    double FramesPerSecond,
    bool Stopped,
    string? Error,
    string Clock,
    double LatencyBudgetMs,
    double HangTimeoutMs,
    IReadOnlyList<double> HangDetectionsMs,
    int CombinerLatencyFrames,
    AnalysisSummary Analysis,
    IReadOnlyList<EncoderSummary> Encoders)
{
    /// <summary>The weighting policy the run used.</summary>
    public string Policy { get; init; } = "seed";

    /// <summary>How well the weighting kept the lead away from encoders in trouble: missed deadlines and quality breaches of the leader, and lead times.</summary>
    public PredictionSummary? Prediction { get; init; }

    /// <summary>The output's quality against the source (decoded as written; a slot missing from the output scored as a repeat). Not measured when output verification is off.</summary>
    public QualityFigures OutputQuality { get; init; } = QualityFigures.None;

    /// <summary>Time per output frame spent measuring <see cref="OutputQuality"/>, ms.</summary>
    public double OutputQualityCostMs { get; init; }

    /// <summary>Every change of the clock's state during the run (e.g. to Holdover when its source went silent, and back).</summary>
    public IReadOnlyList<ClockTransition> ClockTransitions { get; init; } = [];

    /// <summary>The hindsight reference of this run: each GOP from the encoder that delivered it whole at the best quality.</summary>
    public OracleReference? Oracle { get; init; }
}
