using SwarmHost.Abstractions;

namespace SwarmHost.Weighting;

/// <summary>Everything a policy sees when a slot closes: the content and the measured encoder behaviour.</summary>
/// <param name="Sequence">The closing slot's sequence number.</param>
/// <param name="FrameMs">The profile's frame interval, ms.</param>
/// <param name="BudgetMs">The swarm's latency budget, ms: a unit is due at its frame's arrival + the encoder's delay + this.</param>
/// <param name="Content">The closing slot's content report.</param>
/// <param name="Upcoming">Content reports of frames already analysed but not yet closed, oldest first (the swarm's own look-ahead).</param>
/// <param name="Encoders">The live encoders, in manifest order.</param>
/// <param name="RealTime">Whether deadlines are in real time (a live or <c>--realtime</c> input); as fast as possible, nobody misses a deadline by being slow.</param>
public sealed record WeightingInput(
    long Sequence,
    double FrameMs,
    double BudgetMs,
    ContentReport Content,
    IReadOnlyList<ContentReport> Upcoming,
    IReadOnlyList<EncoderObservation> Encoders,
    bool RealTime);
