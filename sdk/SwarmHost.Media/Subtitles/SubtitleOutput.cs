using SwarmHost.Media.Interop;
using SwarmHost.Media.Tracks;

namespace SwarmHost.Media.Subtitles;

/// <summary>
/// Where an output's subtitle streams come from: a source's subtitle track is copied unchanged
/// when the container takes its codec (Matroska takes text and bitmap subtitles, MP4 only
/// <c>mov_text</c>, MPEG-TS DVB subtitles and teletext), and otherwise left out with the reason.
/// Subtitles are never converted.
/// </summary>
internal static unsafe class SubtitleOutput
{
    /// <summary>The subtitle codecs MPEG-TS carries (its muxer does not answer the question).</summary>
    private static readonly string[] TransportStreamCodecs = ["dvb_subtitle", "dvb_teletext"];

    /// <summary>Adds <paramref name="track"/>'s stream to the output <paramref name="context"/> (before its header) if the container takes it; <paramref name="uri"/> names the output in messages.</summary>
    /// <returns>The stream, or <c>null</c> when the track is left out; and how the track is carried, or why not.</returns>
    public static (TrackStream? Stream, string Description) Add(nint context, string uri, SubtitleTrack track, string formatName)
    {
        var oformat = *(nint*)((byte*)context + FormatLayout.ContextOutputFormat);
        var codecId = *(int*)((byte*)track.Parameters + FormatLayout.CodecParametersCodecId);
        var answer = AvFormatNative.QueryCodec(oformat, codecId, AvFormatNative.ComplianceNormal);
        var label = track.Language is { } language ? $"{track.Codec}, {language}" : track.Codec;
        if (answer <= 0 && !(answer < 0 && formatName == "mpegts" && TransportStreamCodecs.Contains(track.Codec)))
        {
            return (null, $"not carried ({label}): the {formatName} container does not take {track.Codec} subtitles, and subtitles are copied, never converted");
        }

        var stream = TrackStream.Add(context, new Rational32(1, 90_000), track.Language, $"Output '{uri}', subtitle track {track.Index} ({track.Codec})");
        stream.CopyParameters(track.Parameters);
        return (stream, $"copy ({label})");
    }
}
