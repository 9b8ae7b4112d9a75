namespace SwarmHost.Manifest;

/// <summary>The manifest's weighting section.</summary>
/// <param name="Policy">Which policy computes weights.</param>
/// <param name="WeightAdjustmentRate">Fraction of the distance to the target weight covered per slot, in (0, 1].</param>
public sealed record WeightingSettings(WeightingPolicy Policy, double WeightAdjustmentRate)
{
    /// <summary>The defaults: the seed policy at rate 0.2.</summary>
    public static WeightingSettings Default { get; } = new(WeightingPolicy.Seed, 0.2);
}
