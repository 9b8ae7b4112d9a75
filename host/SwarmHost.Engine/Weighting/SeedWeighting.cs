
namespace SwarmHost.Weighting;

/// <summary>The seed policy (<see cref="SeedPolicy"/>) as an <see cref="IWeightingPolicy"/>: performance is <see cref="EncoderPerformance.Score"/> of the measured stats.</summary>
/// <param name="rate">The weight adjustment rate.</param>
public sealed class SeedWeighting(double rate) : IWeightingPolicy
{
    private readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "seed";

    /// <inheritdoc />
    public WeightingStep Decide(WeightingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var complexity = input.Content.Get(Abstractions.ContentMetrics.Complexity, 0);
        WeightStore.Forget(_weights, input.Encoders);
        foreach (var encoder in input.Encoders)
        {
            var performance = EncoderPerformance.Score(encoder.RecentMeanMs, input.FrameMs, encoder.DeliveredShare, encoder.State, encoder.RecentPsnr);
            _weights[encoder.Id] = SeedPolicy.Step(_weights.GetValueOrDefault(encoder.Id, 1.0 / input.Encoders.Count), complexity, performance, rate);
        }

        return new WeightingStep(new Dictionary<string, double>(_weights, StringComparer.Ordinal), new Dictionary<string, EncoderForecast>());
    }
}
