using SwarmHost.Manifest;

namespace SwarmHost.Weighting;

/// <summary>Creates the policy a manifest's weighting section names.</summary>
public static class WeightingPolicies
{
    /// <summary>A fresh policy for one run.</summary>
    /// <param name="settings">The weighting section.</param>
    /// <param name="gop">The profile's GOP length (the default horizon and the reactive policy's recovery span).</param>
    public static IWeightingPolicy Create(WeightingSettings settings, int gop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Policy switch
        {
            WeightingPolicy.Seed => new SeedWeighting(settings.WeightAdjustmentRate),
            WeightingPolicy.Reactive => new ReactiveWeighting(settings.WeightAdjustmentRate, settings.MaxStep, gop, settings.QualityFloorDb),
            WeightingPolicy.Predictive => new PredictiveWeighting(settings, settings.HorizonFrames ?? gop),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Policy, "Unknown weighting policy."),
        };
    }
}
