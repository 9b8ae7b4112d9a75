namespace SwarmHost.Manifest;

/// <summary>The manifest's weighting section.</summary>
/// <param name="Policy">Which policy computes weights.</param>
/// <param name="WeightAdjustmentRate">Fraction of the distance to the target weight covered per slot, in (0, 1].</param>
public sealed record WeightingSettings(WeightingPolicy Policy, double WeightAdjustmentRate)
{
    /// <summary>The defaults: the seed policy at rate 0.2.</summary>
    public static WeightingSettings Default { get; } = new(WeightingPolicy.Seed, 0.2);

    /// <summary>Predictive: frames ahead the forecasts cover, or <c>null</c> for one GOP. At least one GOP is sensible: a switching combiner commits a GOP at a time.</summary>
    public int? HorizonFrames { get; init; }

    /// <summary>Predictive and reactive: luma PSNR (dB) below which an encoder's output counts as a quality breach.</summary>
    public double QualityFloorDb { get; init; } = 30;

    /// <summary>Predictive: forecast quality (dB) another encoder needs above the current leader before the target moves to it.</summary>
    public double HysteresisDb { get; init; } = 0.5;

    /// <summary>The normalised weight another encoder needs above the policy's leader before the lead, and a planned handover, moves to it: near-equal weights do not flap the output between encoders. After a move the lead also stays half a GOP, unless the leader fails or loses all weight.</summary>
    public double LeaderMargin { get; init; } = 0.1;

    /// <summary>Predictive and reactive: the largest change of one encoder's weight per slot.</summary>
    public double MaxStep { get; init; } = 0.1;
}
