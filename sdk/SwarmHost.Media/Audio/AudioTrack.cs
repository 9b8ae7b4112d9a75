using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// One audio stream of a <see cref="MediaSource"/>'s input, as it was found when the input was
/// first opened: its codec, language tag and codec parameters (owned by the source, freed when it
/// is disposed).
/// </summary>
public sealed class AudioTrack
{
    internal AudioTrack(int index, string codec, string? language, int sampleRate, nint parameters)
    {
        Index = index;
        Codec = codec;
        Language = language;
        SampleRate = sampleRate;
        Parameters = parameters;
    }

    /// <summary>The audio streams of <paramref name="input"/>, each with a copy of its codec parameters.</summary>
    internal static List<AudioTrack> AllOf(DemuxedInput input) =>
    [
        .. input.AudioStreams.Select((stream, track) =>
        {
            var parameters = AvCodecNative.ParametersAlloc();
            _ = AvCodecNative.ParametersCopy(parameters, stream.Parameters);
            return new AudioTrack(track, AudioCodecs.NameOf(parameters), stream.Language, AudioCodecs.SampleRateOf(parameters), parameters);
        }),
    ];

    /// <summary>The track's position among the input's audio streams (0, 1, …); its packets carry it.</summary>
    public int Index { get; }

    /// <summary>FFmpeg's name of the codec, e.g. <c>aac</c>, <c>mp2</c>, <c>pcm_s16le</c>.</summary>
    public string Codec { get; }

    /// <summary>The stream's language tag (ISO 639-2, e.g. <c>eng</c>), or <c>null</c> when it has none.</summary>
    public string? Language { get; }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

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
