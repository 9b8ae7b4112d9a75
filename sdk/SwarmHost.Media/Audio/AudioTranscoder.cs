using System.Globalization;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// Encodes one source audio track for the output: decodes it, resamples it to
/// <see cref="AudioOutputSettings.SampleRate"/> keeping its channel layout, and encodes it with
/// the configured encoder. Timestamps drive the resampler (<c>aresample</c> with
/// <c>async</c>): a gap in them (a stalled live source) is filled with silence, an overlap trimmed,
/// so the track stays aligned with the timestamps it is given. One thread at a time.
/// </summary>
internal sealed unsafe class AudioTranscoder : IDisposable
{
    private readonly AudioDecoding _decoding;
    private nint _encoder;
    private nint _packet;

    /// <summary>Opens the decoder and the encoder for <paramref name="track"/>.</summary>
    /// <param name="track">The source track.</param>
    /// <param name="settings">The encoder and bitrate.</param>
    /// <param name="globalHeader">Whether the container keeps codec headers out of band.</param>
    /// <param name="what">Names the output and track in messages.</param>
    /// <exception cref="MediaOutputException">The track cannot be decoded or the encoder cannot be opened.</exception>
    public AudioTranscoder(AudioTrack track, AudioOutputSettings settings, bool globalHeader, string what)
    {
        if (!AudioOutputSettings.Encoders.TryGetValue(settings.Encoder, out var sampleFormat))
        {
            throw new MediaOutputException($"{what}: audio encoder '{settings.Encoder}' is not offered; use one of {string.Join(", ", AudioOutputSettings.Encoders.Keys)}.");
        }

        var codec = AvCodecNative.FindEncoderByName(settings.Encoder);
        if (codec == 0)
        {
            throw new MediaOutputException($"{what}: this FFmpeg has no '{settings.Encoder}' encoder.");
        }

        var probe = new AudioDecoding(track.Parameters, "anull", what);
        var layout = probe.Layout;
        probe.Dispose();
        _encoder = AvCodecNative.AllocContext(codec);
        SetSampleFormat(_encoder, codec, sampleFormat);
        _ = AvUtilNative.OptSet(_encoder, "ar", AudioOutputSettings.SampleRate.ToString(CultureInfo.InvariantCulture), 0);
        _ = AvUtilNative.OptSet(_encoder, "ch_layout", layout, 0);
        _ = AvUtilNative.OptSetInt(_encoder, "b", settings.Bitrate, 0);
        _ = AvUtilNative.OptSet(_encoder, "time_base", $"1/{AudioOutputSettings.SampleRate}", 0);
        if (globalHeader)
        {
            _ = AvUtilNative.OptSet(_encoder, "flags", "+global_header", 0);
        }

        var opened = AvCodecNative.Open(_encoder, codec, 0);
        if (opened < 0)
        {
            AvCodecNative.FreeContext(ref _encoder);
            throw new MediaOutputException($"{what}: the '{settings.Encoder}' encoder refused {layout} at {AudioOutputSettings.SampleRate} Hz, {settings.Bitrate} bit/s: {AvUtilNative.Describe(opened)}.");
        }

        var frameSize = AvUtilNative.OptGetString(_encoder, "frame_size") is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : 1024;
        Description = $"{settings.Encoder} {settings.Bitrate / 1000} kbit/s, {layout}, {AudioOutputSettings.SampleRate} Hz";
        try
        {
            // async: timestamps rule; a gap over 15 ms (less than one AAC frame) is filled with silence, an overlap trimmed
            _decoding = new AudioDecoding(track.Parameters, $"aresample={AudioOutputSettings.SampleRate}:async=1:min_hard_comp=0.015,aformat=sample_fmts={sampleFormat}:channel_layouts={layout},asetnsamples=n={frameSize}:p=0", what);
        }
        catch
        {
            AvCodecNative.FreeContext(ref _encoder);
            throw;
        }

        _packet = AvCodecNative.PacketAlloc();
    }

    /// <summary>What the track is encoded to, e.g. <c>aac 128 kbit/s, stereo, 48000 Hz</c>.</summary>
    public string Description { get; }

    /// <summary>The opened encoder (for the output stream's codec parameters).</summary>
    public nint Encoder => _encoder;

    /// <summary>Encodes one source packet that starts at <paramref name="ptsNs"/> on the output timeline; every packet the encoder returns goes to <paramref name="write"/> with its pts in 1/<see cref="AudioOutputSettings.SampleRate"/>.</summary>
    /// <returns>Whether the packet decoded (false: damaged, skipped).</returns>
    public bool Encode(ReadOnlySpan<byte> data, long ptsNs, long durationNs, Action<nint> write) =>
        _decoding.Decode(data, ptsNs / 1000, durationNs / 1000, frame => Send(frame, write));

    /// <summary>Drains the decoder, the conversion and the encoder.</summary>
    public void Finish(Action<nint> write)
    {
        _decoding.Finish(frame => Send(frame, write));
        Send(0, write);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _decoding?.Dispose();
        var frame = (nint)0;
        var scaler = (nint)0;
        NativeCleanup.Release(ref _encoder, ref frame, ref _packet, ref scaler);
    }

    /// <summary>
    /// Sets the encoder's sample format, which is no AVOption of a codec context: through codec
    /// parameters (type audio, the codec, the format), whose <c>format</c> field sits at 28 in
    /// libavcodec 59/60 and 44 from 61 on; the other fields are set by option afterwards.
    /// </summary>
    private static void SetSampleFormat(nint encoder, nint codec, string sampleFormat)
    {
        var parameters = AvCodecNative.ParametersAlloc();
        try
        {
            var p = (byte*)parameters;
            *(int*)(p + FormatLayout.CodecParametersType) = AvFormatNative.MediaTypeAudio;
            *(int*)(p + FormatLayout.CodecParametersCodecId) = *(int*)((byte*)codec + FormatLayout.CodecId);
            *(int*)(p + (AvCodecNative.Version() >> 16 >= 61 ? 44 : 28)) = sampleFormat switch
            {
                "s16" => 1,
                "flt" => 3,
                "fltp" => 8,
                _ => throw new ArgumentOutOfRangeException(nameof(sampleFormat), sampleFormat, "not a sample format an offered encoder takes"),
            };
            _ = AvCodecNative.ParametersToContext(encoder, parameters);
        }
        finally
        {
            AvCodecNative.ParametersFree(ref parameters);
        }
    }

    private void Send(nint frame, Action<nint> write)
    {
        var sent = AvCodecNative.SendFrame(_encoder, frame);
        if (sent < 0 && sent != AvUtilNative.ErrorEof)
        {
            throw new MediaOutputException($"encoding audio failed: {AvUtilNative.Describe(sent)}.");
        }

        while (AvCodecNative.ReceivePacket(_encoder, _packet) >= 0)
        {
            write(_packet);
            AvCodecNative.PacketUnref(_packet);
        }
    }
}
