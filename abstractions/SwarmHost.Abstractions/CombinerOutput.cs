namespace SwarmHost.Abstractions;

/// <summary>What the combiner emits after seeing a slot.</summary>
/// <param name="Units">Units to write to the output, in decode order; may be empty while the combiner holds a GOP, or cover several slots when it releases one.</param>
/// <param name="InsertedFrames">Slots this output filled without an encoder's unit for them (repeat or interpolation); the host counts them as the run's <c>repeatedFrames</c> (a combiner's fill), never as its <c>insertedFrames</c> (repeats filling a stalled live input).</param>
/// <param name="Leader">The encoder instance the output is currently taken from, or <c>null</c> when blended or undecided.</param>
public sealed record CombinerOutput(IReadOnlyList<EncodedUnit> Units, int InsertedFrames, string? Leader)
{
    /// <summary>Nothing to write yet.</summary>
    public static CombinerOutput Nothing { get; } = new([], 0, null);

    /// <summary>
    /// The frame from which the combiner can write nothing until some encoder delivers a keyframe
    /// there (the encoder it followed missed a frame or failed, and no other has a keyframe after
    /// the last frame written), or <c>null</c>. A host that bridges encodes its own source frames
    /// from there and offers the units in <see cref="CombinerSlot.Bridge"/> (since contract 1.3).
    /// </summary>
    public long? BridgeFrom { get; init; }
}
