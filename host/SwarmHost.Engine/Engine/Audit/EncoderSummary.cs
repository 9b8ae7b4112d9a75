using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Audit;

/// <summary>What one encoder id did over the run (all its instances together).</summary>
/// <param name="Id">The manifest's instance id.</param>
/// <param name="State">Its state at the end.</param>
/// <param name="Instances">Instances created (1, plus one per rejoin).</param>
/// <param name="Failures">Times it failed, with the last reason.</param>
/// <param name="LastFailure">The last failure's reason, or <c>null</c>.</param>
/// <param name="UnitsUsed">Its good, on-time units handed to the combiner.</param>
/// <param name="Bytes">Bytes it produced.</param>
/// <param name="MeanEncodeMs">Mean encode-call time, ms.</param>
/// <param name="LateUnits">Units dropped as late.</param>
/// <param name="BadUnits">Units that failed verification.</param>
/// <param name="MissedSlots">Slots it was given but delivered nothing usable for.</param>
/// <param name="Weight">Its normalised weight at the end (0 when failed).</param>
/// <param name="LeadFrames">Frames of the output taken from it.</param>
public sealed record EncoderSummary(string Id, EncoderState State, int Instances, int Failures, string? LastFailure, long UnitsUsed, long Bytes, double MeanEncodeMs, long LateUnits, long BadUnits, long MissedSlots, double Weight, long LeadFrames)
{
    /// <summary>What the feedback loop measured: encode time against the frame interval, CPU, queue depth, error rate, bitrate, quality.</summary>
    public SwarmHost.Feedback.EncoderFeedback? Feedback { get; init; }

    /// <summary>From a frame's entry into the swarm to the arrival of this encoder's usable unit for it: median and 95th percentile, ms; <c>null</c> without a usable unit.</summary>
    public UnitLatency? UnitLatencyMs { get; init; }

    /// <summary>The cluster nodes its instances ran on, in order (a fresh instance may be re-placed); <c>null</c> for an encoder on this machine.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Nodes { get; init; }

    /// <summary>For an encoder on cluster nodes: how its pictures reached them; <c>null</c> for an encoder on this machine.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public NodeSourceSummary? NodeSource { get; init; }
}

/// <summary>How an encoder's pictures reached the nodes it ran on (all its instances there).</summary>
/// <param name="ArrivalMs">The node clock's time each picture arrived (decoded there) minus the intake's stamp for it, ms, on the shared time scale: median and 95th percentile; <c>null</c> when no picture arrived.</param>
/// <param name="FilledFrames">Pictures a node's copy of the source lacked, filled with the picture before.</param>
public sealed record NodeSourceSummary(UnitLatency? ArrivalMs, long FilledFrames)
{
    /// <summary>The summary of <paramref name="lanes"/>, or <c>null</c> when the encoder ran on no node.</summary>
    internal static NodeSourceSummary? Of(IReadOnlyList<NodeArrivals> lanes) =>
        lanes.Count == 0 ? null : new(UnitLatency.Of([.. lanes.SelectMany(l => l.ArrivalMs())]), lanes.Sum(l => l.FilledFrames));
}

/// <summary>A spread of unit latencies, ms.</summary>
/// <param name="Median">The median.</param>
/// <param name="P95">The 95th percentile.</param>
public sealed record UnitLatency(double Median, double P95)
{
    /// <summary>The spread of <paramref name="samples"/>, or <c>null</c> when there are none.</summary>
    public static UnitLatency? Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        return new UnitLatency(Math.Round(sorted[sorted.Count / 2], 1), Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.95 * sorted.Count) - 1)], 1));
    }
}
