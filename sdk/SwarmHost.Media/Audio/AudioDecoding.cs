using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// Decodes one audio stream and converts what it decodes through an <see cref="AudioFilter"/>
/// chain. Packets go in with timestamps in µs; converted frames come out through the callback of
/// <see cref="Decode"/>, with timestamps in the chain's output time base (1/sample rate after an
/// <c>aresample</c>). One thread at a time.
/// </summary>
internal sealed unsafe class AudioDecoding : IDisposable
{
    private readonly string _chain;
    private readonly string _what;
    private nint _decoder;
    private nint _packet;
    private nint _decoded;
    private nint _converted;
    private AudioFilter? _filter;

    /// <summary>Opens a decoder for the stream <paramref name="parameters"/> describe.</summary>
    /// <param name="parameters">The stream's codec parameters.</param>
    /// <param name="chain">The conversion, e.g. <c>aresample=48000,aformat=sample_fmts=fltp</c>.</param>
    /// <param name="what">Names the stream in error messages.</param>
    /// <exception cref="MediaOutputException">This FFmpeg cannot decode the stream.</exception>
    public AudioDecoding(nint parameters, string chain, string what)
    {
        _chain = chain;
        _what = what;
        var codecId = *(int*)((byte*)parameters + FormatLayout.CodecParametersCodecId);
        var codec = AvCodecNative.FindDecoder(codecId);
        if (codec == 0)
        {
            throw new MediaOutputException($"{what}: this FFmpeg has no decoder for its audio codec; give \"audio\": {{ \"copy\": true }} with a container that carries it, or drop the track from the input.");
        }

        _decoder = AvCodecNative.AllocContext(codec);
        _ = AvCodecNative.ParametersToContext(_decoder, parameters);
        _ = AvUtilNative.OptSet(_decoder, "pkt_timebase", "1/1000000", 0);
        var opened = AvCodecNative.Open(_decoder, codec, 0);
        if (opened < 0)
        {
            Dispose();
            throw new MediaOutputException($"{what}: its audio decoder cannot be opened: {AvUtilNative.Describe(opened)}.");
        }

        _packet = AvCodecNative.PacketAlloc();
        _decoded = AvUtilNative.FrameAlloc();
        _converted = AvUtilNative.FrameAlloc();
    }

    /// <summary>The channel layout the decoder reports (after the first packet, for codecs that only know it then).</summary>
    public string Layout => AudioFilter.Layout(_decoder);

    /// <summary>Decodes one packet starting at <paramref name="ptsUs"/> and hands every converted frame to <paramref name="converted"/> (valid during the call); a damaged packet is skipped and counted.</summary>
    /// <returns>Whether the decoder took the packet (false: damaged, skipped).</returns>
    public bool Decode(ReadOnlySpan<byte> data, long ptsUs, long durationUs, Action<nint> converted)
    {
        PacketFill.Fill(_packet, data, ptsUs, ptsUs, durationUs, keyframe: true, _what);
        var sent = AvCodecNative.SendPacket(_decoder, _packet);
        AvCodecNative.PacketUnref(_packet);
        Drain(converted);
        return sent >= 0 || sent == AvUtilNative.ErrorAgain;
    }

    /// <summary>Drains the decoder and the conversion at the end.</summary>
    public void Finish(Action<nint> converted)
    {
        _ = AvCodecNative.SendPacket(_decoder, 0);
        Drain(converted);
        if (_filter is not null)
        {
            _filter.Push(0);
            Pull(converted);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _filter?.Dispose();
        _filter = null;
        if (_converted != 0)
        {
            AvUtilNative.FrameFree(ref _converted);
        }

        var scaler = (nint)0;
        NativeCleanup.Release(ref _decoder, ref _decoded, ref _packet, ref scaler);
    }

    private void Drain(Action<nint> converted)
    {
        while (AvCodecNative.ReceiveFrame(_decoder, _decoded) >= 0)
        {
            _filter ??= AudioFilter.Create(_decoder, _decoded, _chain, _what);
            _filter.Push(_decoded);
            AvUtilNative.FrameUnref(_decoded);
            Pull(converted);
        }
    }

    private void Pull(Action<nint> converted)
    {
        while (_filter!.Pull(_converted))
        {
            converted(_converted);
            AvUtilNative.FrameUnref(_converted);
        }
    }
}
