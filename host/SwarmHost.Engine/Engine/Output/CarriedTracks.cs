using SwarmHost.Abstractions;
using SwarmHost.Media;
using SwarmHost.Media.Audio;
using SwarmHost.Media.Subtitles;

namespace SwarmHost.Engine.Output;

/// <summary>
/// Which of the source's audio and subtitle tracks go into the output: all of them, unless the
/// pictures are re-timed (the input runs at another rate than <c>profile.frameRate</c>), when both
/// would drift away from the video and none is carried.
/// </summary>
/// <param name="Audio">The audio tracks to carry.</param>
/// <param name="Subtitles">The subtitle tracks to offer the output (it copies those its container takes).</param>
/// <param name="NotCarried">Why the source's tracks are left out, and what to change; <c>null</c> when they are carried.</param>
internal sealed record CarriedTracks(IReadOnlyList<AudioTrack> Audio, IReadOnlyList<SubtitleTrack> Subtitles, string? NotCarried)
{
    /// <summary>Whether any track is carried.</summary>
    public bool Any => Audio.Count + Subtitles.Count > 0;

    /// <summary>The tracks of <paramref name="source"/> an output of <paramref name="profile"/> carries; the source stops keeping the packets of those it does not.</summary>
    public static CarriedTracks Of(MediaSource source, OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(profile);
        var rate = source.Info.FrameRate;
        if (source.AudioTracks.Count + source.SubtitleTracks.Count == 0 || Math.Abs(rate.ToDouble() / profile.FrameRate.ToDouble() - 1) <= 0.001)
        {
            return new(source.AudioTracks, source.SubtitleTracks, null);
        }

        source.IgnoreAudio();
        source.IgnoreSubtitles();
        return new([], [], $"the input runs at {rate.Numerator}/{rate.Denominator} fps and $.profile.frameRate is {profile.FrameRate.Numerator}/{profile.FrameRate.Denominator}: the pictures are re-timed, so the audio and subtitles would drift away from them; set $.profile.frameRate to {rate.Numerator}/{rate.Denominator} to carry them");
    }
}
