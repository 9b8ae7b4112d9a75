using SwarmHost.Media.Tracks;

namespace SwarmHost.Media.Audio;

/// <summary>One audio stream of a <see cref="MediaSource"/>'s input, with its sample rate.</summary>
public sealed class AudioTrack : SourceTrack
{
    private AudioTrack(int index, string? language, nint parameters)
        : base(index, language, parameters)
    {
        SampleRate = AudioCodecs.SampleRateOf(Parameters);
    }

    /// <summary>Samples per second (0 when the stream does not say).</summary>
    public int SampleRate { get; }

    /// <summary>The audio streams of <paramref name="input"/>.</summary>
    internal static List<AudioTrack> AllOf(DemuxedInput input) => [.. input.AudioStreams.Select((stream, track) => new AudioTrack(track, stream.Language, stream.Parameters))];
}
