using System.Runtime.InteropServices;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Tracks;

/// <summary>
/// One audio or subtitle stream of a <see cref="MediaSource"/>'s input, as it was found when the
/// input was first opened: its position among the streams of its kind, codec, language tag and a
/// copy of its codec parameters (owned by the source, freed when it is disposed).
/// </summary>
public abstract unsafe class SourceTrack
{
    /// <summary>Takes a copy of <paramref name="parameters"/> (the input's, which go when it is closed).</summary>
    private protected SourceTrack(int index, string? language, nint parameters)
    {
        Index = index;
        Language = language;
        Parameters = AvCodecNative.ParametersAlloc();
        _ = AvCodecNative.ParametersCopy(Parameters, parameters);
        Codec = Marshal.PtrToStringUTF8(AvCodecNative.GetName(*(int*)((byte*)Parameters + FormatLayout.CodecParametersCodecId))) ?? "?";
    }

    /// <summary>The track's position among the input's streams of its kind (0, 1, …); its packets carry it.</summary>
    public int Index { get; }

    /// <summary>FFmpeg's name of the codec, e.g. <c>aac</c>, <c>pcm_s16le</c>, <c>subrip</c>, <c>dvb_subtitle</c>.</summary>
    public string Codec { get; }

    /// <summary>The stream's language tag (ISO 639-2, e.g. <c>eng</c>), or <c>null</c> when it has none.</summary>
    public string? Language { get; }

    /// <summary>The copy of the stream's codec parameters (AVCodecParameters), owned by the source.</summary>
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
