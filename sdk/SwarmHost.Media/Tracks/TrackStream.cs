using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Tracks;

/// <summary>
/// One audio or subtitle stream of an output: added to the muxer before its header is written,
/// then given packets — copies of source packets, or an encoder's — with timestamps on the output
/// timeline. One thread at a time, as the output.
/// </summary>
internal sealed unsafe class TrackStream : IDisposable
{
    private readonly nint _context;
    private readonly nint _stream;
    private readonly string _what; // names the stream in messages, e.g. "Output 'x.ts', audio"
    private nint _packet;

    private TrackStream(nint context, nint stream, int index, string what)
    {
        _context = context;
        _stream = stream;
        Index = index;
        _what = what;
        _packet = AvCodecNative.PacketAlloc();
    }

    /// <summary>The stream's index in the output.</summary>
    public int Index { get; }

    /// <summary>The stream's codec parameters, to fill before the header.</summary>
    public nint Parameters => *(nint*)((byte*)_stream + FFmpegLibraries.Format.StreamCodecParameters);

    /// <summary>The stream's time base: the one asked for until the header is written, then the muxer's.</summary>
    public Rational32 TimeBase => *(Rational32*)((byte*)_stream + FFmpegLibraries.Format.StreamTimeBase);

    /// <summary>Adds a stream to <paramref name="context"/> with <paramref name="timeBase"/> asked for and the language tag <paramref name="language"/>; <paramref name="what"/> names it in messages.</summary>
    public static TrackStream Add(nint context, Rational32 timeBase, string? language, string what)
    {
        var layout = FFmpegLibraries.Format;
        var stream = AvFormatNative.NewStream(context, 0);
        *(Rational32*)((byte*)stream + layout.StreamTimeBase) = timeBase;
        if (language is not null)
        {
            _ = AvUtilNative.DictSet(ref *(nint*)((byte*)stream + layout.StreamMetadata), "language", language, 0);
        }

        return new TrackStream(context, stream, *(int*)((byte*)stream + layout.StreamIndex), what);
    }

    /// <summary>Copies <paramref name="source"/>'s codec parameters into the stream, without the source container's codec tag (it means nothing in another one).</summary>
    public void CopyParameters(nint source)
    {
        _ = AvCodecNative.ParametersCopy(Parameters, source);
        *(uint*)((byte*)Parameters + FormatLayout.CodecParametersCodecTag) = 0;
    }

    /// <summary>Writes a copy of a source packet, <paramref name="data"/>, starting at <paramref name="ptsNs"/> on the output timeline for <paramref name="durationNs"/>.</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it.</exception>
    public void WriteCopy(ReadOnlySpan<byte> data, long ptsNs, long durationNs)
    {
        var ticks = TimeBase.TicksOf(ptsNs);
        PacketFill.Fill(_packet, data, ticks, ticks, TimeBase.TicksOf(durationNs), keyframe: true, _what);
        Mux(_packet);
    }

    /// <summary>Hands <paramref name="packet"/> (timestamps in <see cref="TimeBase"/>) to the muxer as this stream's; the muxer takes its reference.</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it.</exception>
    public void Mux(nint packet)
    {
        *(int*)((byte*)packet + FormatLayout.PacketStreamIndex) = Index;
        var written = AvFormatNative.InterleavedWriteFrame(_context, packet);
        if (written < 0)
        {
            throw new MediaOutputException($"{_what}: writing failed: {AvUtilNative.Describe(written)}.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_packet != 0)
        {
            AvCodecNative.PacketFree(ref _packet);
        }
    }
}
