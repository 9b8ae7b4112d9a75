using SwarmHost.Abstractions;

namespace SwarmHost.Media;

/// <summary>What an opened <see cref="MediaSource"/> reads and delivers.</summary>
/// <param name="Uri">The input as given.</param>
/// <param name="Format">The demuxer's name, e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c> or <c>lavfi</c>.</param>
/// <param name="Codec">The decoder's name, e.g. <c>h264</c>.</param>
/// <param name="SourceSize">The coded picture size, e.g. <c>1280x720</c>, as the decoder reports it.</param>
/// <param name="FrameRate">The stream's frame rate as FFmpeg guesses it.</param>
/// <param name="Width">Width of the delivered pictures.</param>
/// <param name="Height">Height of the delivered pictures.</param>
/// <param name="IsNetwork">Whether the input is a network stream (stalls are reported, reads time out, it reconnects).</param>
public sealed record MediaSourceInfo(string Uri, string Format, string Codec, string SourceSize, Rational FrameRate, int Width, int Height, bool IsNetwork);
