namespace SwarmHost.Weighting;

/// <summary>A policy's answer for one slot.</summary>
/// <param name="Weights">The stored weights of the live encoders, by instance id (not necessarily summing to 1; the engine normalises a copy for the combiner).</param>
/// <param name="Forecasts">Per encoder, what the policy expects (predictive policy only; empty otherwise).</param>
public sealed record WeightingStep(IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, EncoderForecast> Forecasts);
