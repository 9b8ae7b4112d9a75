namespace SwarmHost.Weighting;

/// <summary>
/// Turns content and measured encoder behaviour into encoder weights, once per closing slot.
/// </summary>
/// <remarks>
/// Called from the engine's coordinator thread only, in slot order. A policy keeps its own state
/// (stored weights, learnt models) between calls; an encoder that is absent from
/// <see cref="WeightingInput.Encoders"/> has failed and is forgotten, and one that reappears
/// (a rejoin) starts afresh. It sees only <see cref="WeightingInput"/>: never an encoder's
/// configuration.
/// </remarks>
public interface IWeightingPolicy
{
    /// <summary>The policy's name as the manifest spells it.</summary>
    string Name { get; }

    /// <summary>Computes the weights after the slot <paramref name="input"/> describes.</summary>
    WeightingStep Decide(WeightingInput input);
}
