namespace SwarmHost.Media;

/// <summary>How to configure one libavcodec video encoder.</summary>
/// <param name="Codec">The libavcodec encoder name, e.g. <c>libx264</c>, <c>libx265</c>, <c>libvpx-vp9</c>, <c>libsvtav1</c>, <c>mpeg2video</c>.</param>
/// <param name="Bitrate">Target bitrate in bit/s; ignored when <paramref name="Crf"/> is set.</param>
/// <param name="Crf">Constant rate factor (quality-targeted rate control), or <c>null</c> for bitrate mode.</param>
/// <param name="Preset">The encoder's preset (codec-private option), or <c>null</c> for its default.</param>
/// <param name="Tune">The encoder's tune (codec-private option), or <c>null</c>.</param>
/// <param name="Threads">Encoder threads; 0 lets the encoder choose (encoders differ in their default, so set it).</param>
/// <param name="Width">Width to encode at (the profile picture is scaled to it), or <c>null</c> for the profile's.</param>
/// <param name="Height">Height to encode at, or <c>null</c> for the profile's.</param>
/// <param name="GlobalHeader">Put codec headers in extradata (<see cref="SwarmHost.Abstractions.EncoderSession.Extradata"/>) as Matroska and MP4 want, instead of in band as MPEG-TS and switching want.</param>
/// <param name="PrivateOptions">Further AVOptions passed through by name (codec-private ones included), e.g. <c>x264-params</c>.</param>
public sealed record FFmpegEncoderSettings(
    string Codec,
    long Bitrate,
    double? Crf,
    string? Preset,
    string? Tune,
    int Threads,
    int? Width,
    int? Height,
    bool GlobalHeader,
    IReadOnlyDictionary<string, string> PrivateOptions)
{
    /// <summary>The keyframe interval the encoder keeps by itself; <c>null</c> uses the profile's GOP.</summary>
    public int? Gop { get; init; }
}
