namespace SwarmHost.Abstractions;

/// <summary>Everything the combiner gets for one sequence number.</summary>
/// <param name="Sequence">The slot's sequence number; slots arrive in order without gaps.</param>
/// <param name="TimestampNs">The source frame's shared timestamp.</param>
/// <param name="Units">Each live encoder's unit for this slot; an encoder that delivered nothing in time has no entry.</param>
/// <param name="Weights">Normalised weights of the live encoders (summing to 1), by instance id.</param>
/// <param name="Content">The content report of the slot's frame.</param>
public sealed record CombinerSlot(
    long Sequence,
    long TimestampNs,
    IReadOnlyDictionary<string, EncodedUnit> Units,
    IReadOnlyDictionary<string, double> Weights,
    ContentReport Content);
