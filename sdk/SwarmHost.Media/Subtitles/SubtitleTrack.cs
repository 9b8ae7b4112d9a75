using SwarmHost.Media.Tracks;

namespace SwarmHost.Media.Subtitles;

/// <summary>One subtitle stream of a <see cref="MediaSource"/>'s input. Subtitles are only ever copied, never converted.</summary>
public sealed class SubtitleTrack : SourceTrack
{
    private SubtitleTrack(int index, string? language, nint parameters)
        : base(index, language, parameters)
    {
    }

    /// <summary>The subtitle streams of <paramref name="input"/>.</summary>
    internal static List<SubtitleTrack> AllOf(DemuxedInput input) => [.. input.SubtitleStreams.Select((stream, track) => new SubtitleTrack(track, stream.Language, stream.Parameters))];
}
