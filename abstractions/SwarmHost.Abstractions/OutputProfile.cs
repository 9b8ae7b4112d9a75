namespace SwarmHost.Abstractions;

/// <summary>
/// The one output every encoder of a swarm targets: codec family, picture size, frame rate and GOP
/// length. Encoders may differ in implementation, preset, bitrate or even encode size; the combiner
/// turns their units into one valid output of this profile.
/// </summary>
/// <param name="Codec">The output codec family, e.g. <c>h264</c>, <c>hevc</c>.</param>
/// <param name="Width">Picture width in pixels; even.</param>
/// <param name="Height">Picture height in pixels; even.</param>
/// <param name="FrameRate">Frames per second.</param>
/// <param name="Gop">Frames per GOP; every encoder is asked for a keyframe every <paramref name="Gop"/> frames.</param>
public sealed record OutputProfile(string Codec, int Width, int Height, Rational FrameRate, int Gop);
