namespace SwarmHost.Abstractions;

/// <summary>
/// A combiner that encodes its output itself (e.g. blends decoded pictures and re-encodes them)
/// instead of passing encoders' units through. The host opens the output for
/// <see cref="OutputSession"/> rather than for one of the swarm's encoders.
/// </summary>
/// <remarks>Added in contract 1.1. A combiner that does not implement it passes units through, and the output is opened for the first encoder's session.</remarks>
public interface IEncodingCombiner : IOutputCombiner
{
    /// <summary>The session of the combiner's own output encoder: codec, size and extradata of what <see cref="IOutputCombiner.Combine"/> emits. Valid after <see cref="IOutputCombiner.Open"/> returned.</summary>
    /// <exception cref="InvalidOperationException">Read before <see cref="IOutputCombiner.Open"/>.</exception>
    EncoderSession OutputSession { get; }
}
