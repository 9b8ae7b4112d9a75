namespace SwarmHost.Abstractions;

/// <summary>What an encoder reports once it is open: the facts the host schedules by.</summary>
/// <param name="Codec">The codec actually in use, e.g. <c>libx264</c>.</param>
/// <param name="Width">The encoded picture width (may differ from the profile for resolution diversity).</param>
/// <param name="Height">The encoded picture height.</param>
/// <param name="DelayFrames">Frames the encoder holds before it emits a unit (lookahead, B-frames). Deadlines are computed from it.</param>
/// <param name="Keyframes">Whether per-frame keyframe requests are honoured or only a fixed interval applies.</param>
/// <param name="Extradata">Out-of-band codec configuration (e.g. avcC/hvcC); empty when parameter sets travel in-band.</param>
public sealed record EncoderSession(
    string Codec,
    int Width,
    int Height,
    int DelayFrames,
    KeyframeControl Keyframes,
    ReadOnlyMemory<byte> Extradata);
