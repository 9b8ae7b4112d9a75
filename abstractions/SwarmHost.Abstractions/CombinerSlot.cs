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
    ContentReport Content)
{
    /// <summary>
    /// A planned handover at this slot, or <c>null</c>: the output is to be taken from this encoder
    /// instance from this slot on. Every encoder was asked for a keyframe here, so a switching
    /// combiner can splice — the outgoing encoder's units before this slot, the incoming encoder's
    /// from its keyframe here on. Combiners that do not switch ignore it (since contract 1.3).
    /// </summary>
    public string? SwitchTo { get; init; }

    /// <summary>
    /// The encoder instance id the host's bridge units carry (<see cref="Bridge"/>); never a
    /// manifest encoder's id.
    /// </summary>
    public const string BridgeId = "(bridge)";

    /// <summary>
    /// Units the host encoded to bridge a break the combiner asked for
    /// (<see cref="CombinerOutput.BridgeFrom"/>), in decode order, from a fresh encoder that starts
    /// with a keyframe at the break: one per frame, possibly of earlier slots than this one. Each
    /// carries <see cref="BridgeId"/>. Empty when nothing is bridged (since contract 1.3).
    /// </summary>
    public IReadOnlyList<EncodedUnit> Bridge { get; init; } = [];
}
