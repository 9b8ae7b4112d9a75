using SwarmHost.Media.Tracks;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// One audio stream of a <see cref="MediaSink"/>'s output: a source track copied unchanged (where
/// the container accepts its codec) or encoded by an <see cref="AudioTranscoder"/>. Packets come
/// with their start on the output timeline (ns) and are written in order.
/// </summary>
internal sealed unsafe class AudioOutputTrack : IDisposable
{
    private readonly TrackStream _stream;
    private readonly AudioTranscoder? _transcoder;
    private Rational32 _timeBase;

    private AudioOutputTrack(TrackStream stream, AudioTranscoder? transcoder)
    {
        _stream = stream;
        _transcoder = transcoder;
    }

    /// <summary>How the track is written, e.g. <c>copy (aac)</c> or <c>aac 128 kbit/s, stereo, 48000 Hz</c>.</summary>
    public string Description { get; private init; } = "";

    /// <summary>Whether the track is encoded (so a gap in its timestamps is filled with silence) rather than copied.</summary>
    public bool Encoded => _transcoder is not null;

    /// <summary>Source packets that could not be decoded (encoded tracks only).</summary>
    public long Damaged { get; private set; }

    /// <summary>Adds the track's stream to the output <paramref name="context"/> (before its header is written); <paramref name="uri"/> names the output in messages (as they may show it).</summary>
    /// <exception cref="MediaOutputException">The track can neither be copied nor encoded into this container.</exception>
    public static AudioOutputTrack Add(nint context, string uri, AudioTrack track, AudioOutputSettings settings)
    {
        var oformat = *(nint*)((byte*)context + FormatLayout.ContextOutputFormat);
        var globalHeader = (*(int*)((byte*)oformat + FormatLayout.OutputFormatFlags) & AvFormatNative.FormatGlobalHeader) != 0;
        var what = $"Output '{uri}', audio track {track.Index} ({track.Codec})";
        var copy = settings.Copy && Accepts(oformat, track);
        var transcoder = copy ? null : new AudioTranscoder(track, settings, globalHeader, what);
        var stream = TrackStream.Add(context, new Rational32(1, copy ? track.SampleRate > 0 ? track.SampleRate : 90_000 : AudioOutputSettings.SampleRate), track.Language, what);
        if (copy)
        {
            stream.CopyParameters(track.Parameters);
        }
        else
        {
            _ = AvCodecNative.ParametersFromContext(stream.Parameters, transcoder!.Encoder);
        }

        return new AudioOutputTrack(stream, transcoder) { Description = copy ? $"copy ({track.Codec})" : transcoder!.Description };
    }

    /// <summary>Reads the stream's time base as the muxer chose it (after the header is written).</summary>
    public void HeaderWritten() => _timeBase = _stream.TimeBase;

    /// <summary>Writes one source packet starting at <paramref name="ptsNs"/> on the output timeline.</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it.</exception>
    public void Write(AnchoredPacket packet, long ptsNs)
    {
        if (_transcoder is not null)
        {
            if (!_transcoder.Encode(packet.Data, ptsNs, packet.DurationNs, WriteEncoded))
            {
                Damaged++;
            }

            return;
        }

        _stream.WriteCopy(packet.Data, ptsNs, packet.DurationNs);
    }

    /// <summary>Drains the encoder (encoded tracks) before the trailer.</summary>
    public void Finish() => _transcoder?.Finish(WriteEncoded);

    /// <inheritdoc />
    public void Dispose()
    {
        _transcoder?.Dispose();
        _stream.Dispose();
    }

    /// <summary>Whether the container takes the track's codec as it is.</summary>
    private static bool Accepts(nint oformat, AudioTrack track)
    {
        var codecId = *(int*)((byte*)track.Parameters + FormatLayout.CodecParametersCodecId);
        var answer = AvFormatNative.QueryCodec(oformat, codecId, AvFormatNative.ComplianceNormal);
        // MPEG-TS does not answer the question; it carries these (not PCM, which only Blu-ray's flavour of it does)
        return answer > 0 || answer < 0 && track.Codec is "aac" or "mp2" or "mp3" or "ac3" or "eac3" or "opus";
    }

    private void WriteEncoded(nint encoded)
    {
        var p = (byte*)encoded;
        var pts = *(long*)(p + StableLayout.PacketPts);
        var dts = *(long*)(p + StableLayout.PacketDts);
        var duration = *(long*)(p + FormatLayout.PacketDuration);
        *(long*)(p + StableLayout.PacketPts) = Rescale(pts);
        *(long*)(p + StableLayout.PacketDts) = Rescale(dts);
        *(long*)(p + FormatLayout.PacketDuration) = Rescale(duration);
        _stream.Mux(encoded);
    }

    private long Rescale(long samples) => samples == AvUtilNative.NoPts ? samples : (long)Math.Round((double)samples * _timeBase.Den / ((double)_timeBase.Num * AudioOutputSettings.SampleRate), MidpointRounding.AwayFromZero);
}
