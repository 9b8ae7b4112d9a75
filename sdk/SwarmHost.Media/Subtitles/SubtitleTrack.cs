using SwarmHost.Media.Audio;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Subtitles;

/// <summary>
/// One subtitle stream of a <see cref="MediaSource"/>'s input, as it was found when the input was
/// first opened: its codec, language tag and codec parameters (owned by the source, freed when it
/// is disposed). Subtitles are only ever copied, never converted.
/// </summary>
public sealed class SubtitleTrack
{
    internal SubtitleTrack(int index, string codec, string? language, nint parameters)
    {
        Index = index;
        Codec = codec;
        Language = language;
        Parameters = parameters;
    }

    /// <summary>The subtitle streams of <paramref name="input"/>, each with a copy of its codec parameters.</summary>
    internal static List<SubtitleTrack> AllOf(DemuxedInput input) =>
    [
        .. input.SubtitleStreams.Select((stream, track) =>
        {
            var parameters = AvCodecNative.ParametersAlloc();
            _ = AvCodecNative.ParametersCopy(parameters, stream.Parameters);
            return new SubtitleTrack(track, AudioCodecs.NameOf(parameters), stream.Language, parameters);
        }),
    ];

    /// <summary>The track's position among the input's subtitle streams (0, 1, …); its packets carry it.</summary>
    public int Index { get; }

    /// <summary>FFmpeg's name of the codec, e.g. <c>subrip</c>, <c>ass</c>, <c>dvb_subtitle</c>, <c>dvb_teletext</c>.</summary>
    public string Codec { get; }

    /// <summary>The stream's language tag (ISO 639-2, e.g. <c>eng</c>), or <c>null</c> when it has none.</summary>
    public string? Language { get; }

    /// <summary>A copy of the stream's codec parameters (AVCodecParameters), owned by the source.</summary>
    internal nint Parameters { get; private set; }

    /// <summary>Frees the codec parameters.</summary>
    internal void Release()
    {
        var parameters = Parameters;
        if (parameters != 0)
        {
            AvCodecNative.ParametersFree(ref parameters);
            Parameters = 0;
        }
    }
}
