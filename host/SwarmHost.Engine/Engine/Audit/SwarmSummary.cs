using SwarmHost.Analysis;
using SwarmHost.Feedback;

namespace SwarmHost.Engine.Audit;

/// <summary>The audit of one run: written as the summary JSON and as the last event.</summary>
/// <param name="Input">The input read.</param>
/// <param name="Output">The output written.</param>
/// <param name="FramesIn">Frames read from the input (source frames that entered the swarm).</param>
/// <param name="FramesOut">Frames written to the output, one per slot: always <c>FramesIn − LostFrames + InsertedFrames</c>, and what ffprobe counts in the output.</param>
/// <param name="LostFrames">Source frames (and inserted frames) missing from the output.</param>
/// <param name="DuplicateFrames">Units the combiner emitted for a slot already written; they are not written again.</param>
/// <param name="InsertedFrames">Repeats of the last picture that filled a stalled live (network) input; a file or <c>lavfi</c> input is never stall-filled, so this is 0 for it.</param>
/// <param name="DroppedLateUnits">Units that arrived after their deadline and were dropped.</param>
/// <param name="BadUnits">Units that failed verification (undecodable or garbage) and were not used.</param>
/// <param name="Handovers">Times the output switched from one encoder to another.</param>
/// <param name="ElapsedSeconds">Wall time of the run.</param>
/// <param name="FramesPerSecond">Input frames per second of wall time.</param>
/// <param name="Stopped">Whether the run was stopped (Ctrl+C, SIGTERM) before the input ended.</param>
/// <param name="Error">Why the run failed, or <c>null</c>.</param>
/// <param name="Clock">The clock component and its status at the end.</param>
/// <param name="LatencyBudgetMs">The latency budget used.</param>
/// <param name="HangTimeoutMs">The hang timeout used (the least limit; see <see cref="HangLimitsMs"/>).</param>
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
    /// <summary>Slots written by repeating a picture (or interpolating one) because no encoder delivered a unit for them (the combiner's fill); part of <see cref="FramesOut"/>, not of <see cref="InsertedFrames"/>.</summary>
    public long RepeatedFrames { get; init; }

    /// <summary>Damaged packets of the input that the decoder refused (the pictures around them were decoded on, as the <c>ffmpeg</c> CLI does).</summary>
    public long DamagedPackets { get; init; }

    /// <summary>Why reading the input file stopped before its end (a read error at a damaged part; the pictures before it were decoded and written, as the <c>ffmpeg</c> CLI does), or <c>null</c>.</summary>
    public string? InputCutShort { get; init; }

    /// <summary>Encoder threads abandoned inside a call that never returned (a hang); they stay blocked until the process ends.</summary>
    public int AbandonedThreads { get; init; }

    /// <summary>The fewest live encoders the swarm runs with (<c>health.minEncoders</c>; default: all of them).</summary>
    public int MinEncoders { get; init; }

    /// <summary>Whether the swarm ran with fewer encoders than the manifest names because some could not open (allowed by <see cref="MinEncoders"/>).</summary>
    public bool BelowSize { get; init; }

    /// <summary>For each hang in <see cref="HangDetectionsMs"/>: the limit that encoder had (the hang timeout, or longer for an encoder whose own recent calls were slow).</summary>
    public IReadOnlyList<double> HangLimitsMs { get; init; } = [];

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

    /// <summary>The clock of every node that ran this run's lanes: its last state, whether it was Degraded and for how long, its offsets (empty when no lane ran on a node).</summary>
    public IReadOnlyList<NodeClockSummary> NodeClocks { get; init; } = [];

    /// <summary>The hindsight reference of this run: each GOP from the encoder that delivered it whole at the best quality.</summary>
    public OracleReference? Oracle { get; init; }

    /// <summary>The output's audio, or <c>null</c> when the output carries none (the source has none, the container cannot, or <c>output.audio.carry</c> is false).</summary>
    public AudioSummary? Audio { get; init; }

    /// <summary>What an <c>srt://</c> output did: receivers, bytes sent and dropped, SRT's statistics; <c>null</c> for another output.</summary>
    public SwarmHost.Media.Srt.SrtFigures? Srt { get; init; }

    /// <summary>The output's latency in the steady state, frames: the median of the slots the combiner held a unit, plus the largest encoder delay (<see cref="CombinerLatencyFrames"/> is the most).</summary>
    public int CombinerLatencySteadyFrames { get; init; }

    /// <summary>Of <see cref="Handovers"/>, those planned ahead at their frame: a scheduled switch, or a leader change of the weighting policy (every encoder asked for a keyframe there).</summary>
    public long PlannedHandovers { get; init; }

    /// <summary>Unplanned breaks of the output (the encoder it followed missed a frame or failed) that the host bridged with its own encoder until the handover.</summary>
    public int BridgedFailures { get; init; }

    /// <summary>Frames in the output that the bridge encoder made (counted as written, not repeated or inserted).</summary>
    public long BridgedFrames { get; init; }

    /// <summary>The source's subtitles in the output, or <c>null</c> when the source has none the output was offered (the container carries no extra streams, or an HLS output).</summary>
    public SubtitleSummary? Subtitles { get; init; }

    /// <summary>An HLS output's segments (numbering, epoch lock), or <c>null</c> for another output.</summary>
    public HlsSummary? Hls { get; init; }

    /// <summary>Why the source's audio and subtitles were not carried although it has some and the output could carry them, or <c>null</c>.</summary>
    public string? AudioNotCarried { get; init; }
}
