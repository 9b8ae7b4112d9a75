namespace SwarmHost.Weighting;

/// <summary>
/// The baseline: weight moves only after something went wrong. Every encoder starts at an equal
/// share. When an encoder misses a slot (late, bad or no unit) or its measured quality falls
/// below the floor, its weight is halved; once it has delivered a whole GOP in a row on time and
/// above the floor, it drifts back toward an equal share at the adjustment rate (at most
/// <c>maxStep</c> per slot) and takes it once within 0.01. It never prefers one encoder over
/// another by itself: on equal weights, the lead goes to the one listed first in the manifest.
/// </summary>
/// <param name="rate">The weight adjustment rate for the recovery.</param>
/// <param name="maxStep">The largest recovery per slot.</param>
/// <param name="gop">Clean slots in a row before an encoder recovers.</param>
/// <param name="qualityFloorDb">Luma PSNR below which a unit counts as a quality breach.</param>
public sealed class ReactiveWeighting(double rate, double maxStep, int gop, double qualityFloorDb) : IWeightingPolicy
{
    /// <summary>Share of its weight an encoder keeps after a miss or breach.</summary>
    public const double KeptAfterMiss = 0.5;

    /// <summary>A recovering weight this close to the equal share takes it exactly (so ties, broken by the manifest's order, apply again).</summary>
    public const double RecoveredWithin = 0.01;

    private readonly Dictionary<string, (double Weight, int Clean)> _state = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "reactive";

    /// <inheritdoc />
    public WeightingStep Decide(WeightingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WeightStore.Forget(_state, input.Encoders);
        var equal = 1.0 / input.Encoders.Count;
        foreach (var encoder in input.Encoders)
        {
            var (weight, clean) = _state.GetValueOrDefault(encoder.Id, (equal, 0));
            if (encoder.Missed || encoder.Psnr < qualityFloorDb)
            {
                (weight, clean) = (weight * KeptAfterMiss, 0);
            }
            else if (encoder.Delivered && ++clean >= gop)
            {
                weight = WeightStore.Drift(weight, equal, rate, maxStep);
                weight = Math.Abs(weight - equal) < RecoveredWithin ? equal : weight;
            }

            _state[encoder.Id] = (weight, clean);
        }

        return new WeightingStep(_state.ToDictionary(p => p.Key, p => p.Value.Weight, StringComparer.Ordinal), new Dictionary<string, EncoderForecast>());
    }
}
