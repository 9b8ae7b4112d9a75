using SwarmHost.Engine;
using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Tests;

/// <summary>The seed weighting rule, exactly as the design states it.</summary>
public sealed class SeedPolicyTests
{
    [Fact]
    public void The_worked_example_of_the_design()
    {
        // complexity 0.5, performance 0.8, w 0.2, rate 0.25 → predicted 0.59, w' = 0.2 + 0.39 × 0.25 = 0.2975
        Assert.Equal(0.2975, SeedPolicy.Step(0.2, 0.5, 0.8, 0.25), 12);
    }

    [Theory]
    [InlineData(0.9, 1.0, 1.0, 1.0, 1.0)]
    [InlineData(0.1, 0.0, 0.0, 1.0, 0.0)]
    [InlineData(0.5, 1.0, 1.0, 0.5, 0.75)]
    public void Weights_approach_the_prediction_at_the_rate_and_stay_in_0_1(double weight, double complexity, double performance, double rate, double expected)
    {
        Assert.Equal(expected, SeedPolicy.Step(weight, complexity, performance, rate), 12);
    }

    [Fact]
    public void Normalised_weights_sum_to_1_and_zero_weights_share_equally()
    {
        var normalised = SeedPolicy.Normalise(new Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.6 });
        Assert.Equal(0.25, normalised["a"], 12);
        Assert.Equal(0.75, normalised["b"], 12);

        var zeros = SeedPolicy.Normalise(new Dictionary<string, double> { ["a"] = 0, ["b"] = 0 });
        Assert.Equal(0.5, zeros["a"], 12);
    }

    [Theory]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Active, double.NaN, 1)]
    [InlineData(30, 33.3, 1.0, EncoderState.Active, double.NaN, 1)]
    [InlineData(50, 40, 1.0, EncoderState.Active, double.NaN, 0.75)]
    [InlineData(90, 40, 1.0, EncoderState.Active, double.NaN, 0)]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Degraded, double.NaN, 0.5)]
    [InlineData(3.3, 33.3, 0.5, EncoderState.Active, double.NaN, 0.5)]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Active, 41, 0.7)]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Active, 60, 1)]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Active, 12, 0)]
    [InlineData(50, 40, 0.8, EncoderState.Degraded, 35, 0.15)]
    [InlineData(3.3, 33.3, 1.0, EncoderState.Failed, 45, 0)]
    public void Performance_comes_from_timeliness_delivery_quality_and_health(double meanMs, double frameMs, double delivered, EncoderState state, double psnr, double expected)
    {
        Assert.Equal(expected, EncoderPerformance.Score(meanMs, frameMs, delivered, state, psnr), 5);
    }
}
