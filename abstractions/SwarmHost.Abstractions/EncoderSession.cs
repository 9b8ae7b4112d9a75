namespace SwarmHost.Abstractions;

/// <summary>What an encoder reports once it is open: the facts the host schedules by.</summary>
/// <param name="Codec">The codec actually in use: the libavcodec encoder of it (e.g. <c>libx264</c>) or FFmpeg's name of the codec itself (e.g. <c>h264</c>); the host finds the codec family and the decoder that verifies the units by it.</param>
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
    ReadOnlyMemory<byte> Extradata)
{
    /// <summary>
    /// The bitrate the encoder's rate control aims at, bit/s, or <c>null</c> when it has none (it
    /// encodes for a constant quality). The host compares the bitrate delivered with it and flags an
    /// encoder far off its target (since contract 1.2). A wrapper reports its inner encoder's.
    /// </summary>
    public long? TargetBitrate { get; init; }
}
