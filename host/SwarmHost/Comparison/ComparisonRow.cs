using SwarmHost.Feedback;

namespace SwarmHost.Comparison;

/// <summary>One row of <c>swarmhost compare</c>: a policy's run, one encoder alone, or the hindsight oracle.</summary>
/// <param name="Policy"><c>seed</c>, <c>reactive</c>, <c>predictive</c>; <c>alone:&lt;id&gt;</c> for one encoder run by itself; <c>oracle</c> for the per-GOP hindsight choice.</param>
/// <param name="Quality">Output quality against the source (PSNR and SSIM, mean and 5th percentile).</param>
/// <param name="MissedDeadlines">Slots whose unit from the encoder the run relied on (the leader by weight) was late, bad or missing.</param>
/// <param name="QualityBreaches">Slots whose unit from the leader was below the quality floor.</param>
/// <param name="InsertedFrames">Frames the swarm made up: the summary's inserted frames (a stalled live input) plus its repeated frames (slots no encoder delivered, filled by repeat or interpolation).</param>
/// <param name="LostFrames">Slots missing from the output.</param>
/// <param name="Handovers">Times the output switched encoder.</param>
/// <param name="Episodes">Troubles (deadline misses, quality breaches) of encoders that led shortly before, each with its lead time.</param>
/// <param name="HandedOverBefore">Episodes where the lead had moved away before the trouble began.</param>
/// <param name="MedianLeadFrames">Their median lead time, frames.</param>
/// <param name="OutputGops">GOPs the run's output took from the encoders (0 for one encoder alone and for the oracle).</param>
/// <param name="TakenAsOracle">Of those, the GOPs the output took mostly from the encoder the run's own per-GOP hindsight oracle took them from.</param>
/// <param name="ElapsedSeconds">Wall time of the run (0 for the oracle, computed from another run).</param>
/// <param name="Note">What the row is, in words.</param>
public sealed record ComparisonRow(
    string Policy,
    QualityFigures Quality,
    long MissedDeadlines,
    long QualityBreaches,
    long InsertedFrames,
    long LostFrames,
    long Handovers,
    IReadOnlyList<HandoverEpisode> Episodes,
    int HandedOverBefore,
    double MedianLeadFrames,
    long OutputGops,
    long TakenAsOracle,
    double ElapsedSeconds,
    string Note)
{
    /// <summary>Of <see cref="Handovers"/>, those planned ahead at their frame (a leader change of the policy, or a scheduled switch).</summary>
    public long PlannedHandovers { get; init; }

    /// <summary>Unplanned breaks of the output bridged by the host's own encoder (the switch combiner without its GOP hold).</summary>
    public long BridgedFailures { get; init; }

    /// <summary>Frames the bridge encoder made.</summary>
    public long BridgedFrames { get; init; }

    /// <summary>Handovers with those planned ahead, as "12 (7)".</summary>
    public string HandoversPlanned() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Handovers} ({PlannedHandovers})");

    /// <summary>Bridged breaks and frames, as "2/17"; "-" when none.</summary>
    public string Bridged() => BridgedFailures == 0 ? "-" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{BridgedFailures}/{BridgedFrames}");

    /// <summary>GOPs taken as the oracle would, as "59/64 92%"; "-" where the row has no policy of its own.</summary>
    public string AsOracle() =>
        OutputGops == 0 ? "-" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TakenAsOracle}/{OutputGops} {100.0 * TakenAsOracle / OutputGops:F0}%");
}
