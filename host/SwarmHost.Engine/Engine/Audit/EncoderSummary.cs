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

    /// <summary>The cluster nodes its instances ran on, in order (a fresh instance may be re-placed); <c>null</c> for an encoder on this machine.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Nodes { get; init; }
}
