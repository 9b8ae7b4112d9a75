using SwarmHost.Engine.Output;

namespace SwarmHost.Engine.Audit;

/// <summary>The source's subtitles in the output: copied where the container takes their codec, never converted.</summary>
/// <param name="Tracks">How each source track was carried, in track order: <c>copy (subrip, eng)</c>, or <c>not carried (…): why</c>.</param>
/// <param name="PacketsWritten">Subtitle packets written, over all tracks.</param>
/// <param name="PacketsLeftOut">Subtitle packets not written: of a track the output does not carry, or before the output's first picture or after its last.</param>
public sealed record SubtitleSummary(IReadOnlyList<string> Tracks, long PacketsWritten, long PacketsLeftOut)
{
    /// <summary>The audit of <paramref name="tracks"/> at the end of the run.</summary>
    internal static SubtitleSummary Of(TrackAligner tracks) => new(tracks.SubtitleTracks, tracks.SubtitlePacketsWritten, tracks.SubtitlePacketsLeftOut);
}
