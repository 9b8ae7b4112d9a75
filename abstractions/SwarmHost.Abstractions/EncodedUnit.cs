namespace SwarmHost.Abstractions;

/// <summary>
/// One encoder's output for one source frame: a compressed access unit (H.264/HEVC in Annex B,
/// other codecs in their usual packet form), matched across encoders by <see cref="Sequence"/>.
/// </summary>
/// <remarks>Immutable. The unit owns <see cref="Data"/>; whoever receives it may keep it as long as it likes.</remarks>
/// <param name="EncoderId">The instance id of the encoder that produced it.</param>
/// <param name="Sequence">The sequence number of the source frame it encodes.</param>
/// <param name="PtsNs">Presentation time in ns on the swarm's timeline (the source frame's timestamp).</param>
/// <param name="DtsNs">Decode time in ns on the same timeline (≤ <paramref name="PtsNs"/>; differs when the encoder reorders frames).</param>
/// <param name="IsKeyframe">Whether decoding can start here (an IDR for H.264/HEVC).</param>
/// <param name="Data">The compressed bytes.</param>
/// <param name="EncodeTime">Wall time the encoder spent producing this unit.</param>
public sealed record EncodedUnit(
    string EncoderId,
    long Sequence,
    long PtsNs,
    long DtsNs,
    bool IsKeyframe,
    ReadOnlyMemory<byte> Data,
    TimeSpan EncodeTime);
