using System.Runtime.InteropServices;
using SwarmHost.Abstractions;
using SwarmHost.Media.Tracks;
using SwarmHost.Media.Audio;
using SwarmHost.Media.Srt;
using SwarmHost.Media.Subtitles;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// Muxes encoded units into a file or URL with libavformat: MPEG-TS (the default for live
/// output and for <c>udp://</c>), HLS (<c>.m3u8</c>: a playlist and MPEG-TS segments, with
/// FFmpeg's <c>hls</c> muxer), Matroska, MP4 (with its index written on close), raw
/// elementary streams (<c>.h264</c>, <c>.hevc</c>, <c>.m2v</c>, <c>.ivf</c>, <c>.obu</c>). Raw
/// pictures go to <see cref="Y4mPictureWriter"/> instead.
/// </summary>
/// <remarks>
/// <para>Units are written in decode order with their <see cref="EncodedUnit.PtsNs"/> and
/// <see cref="EncodedUnit.DtsNs"/> (on the output timeline, in ns), converted to the stream's
/// time base as the muxer chose it. MPEG-TS output is flushed packet by packet, so after a hard
/// kill the file is readable up to its last packet. <see cref="Dispose"/> (also on Ctrl+C or an
/// error) writes the trailer, so what was written stays playable.</para>
/// <para>Formats that keep codec headers out of band (Matroska, MP4) need the encoder's
/// extradata: open the encoder with a global header when <see cref="NeedsGlobalHeader"/> says so.</para>
/// <para>Audio: each source <see cref="AudioTrack"/> given at open becomes a stream of its own,
/// copied where the container accepts its codec, otherwise encoded (<see cref="AudioOutputSettings"/>);
/// <see cref="WriteAudio"/> places its packets on the same output timeline as the video.</para>
/// <para>One thread at a time.</para>
/// </remarks>
public sealed unsafe class MediaSink : IDisposable
{
    private readonly string _uri;
    private readonly string _shown; // the address as messages show it (a passphrase hidden)
    private readonly long _frameDurationNs;
    private nint _context;
    private nint _stream;
    private nint _packet;
    private Rational32 _timeBase;
    private bool _headerWritten;
    private bool _ioOpened;
    private List<AudioOutputTrack> _audio = [];
    private IReadOnlyList<string> _audioDescriptions = [];
    private List<TrackStream?> _subtitles = [];
    private IReadOnlyList<string> _subtitleDescriptions = [];
    private SrtOutput? _srt;
    private SrtIo? _srtIo;
    private long _damagedAudio;

    private MediaSink(string uri, long frameDurationNs)
    {
        _uri = uri;
        _shown = MediaUris.Redact(uri);
        _frameDurationNs = frameDurationNs;
    }

    /// <summary>The muxer in use, e.g. <c>mpegts</c>.</summary>
    public string FormatName { get; private set; } = "";

    /// <summary>Units written.</summary>
    public long UnitsWritten { get; private set; }

    /// <summary>Payload bytes written (before container overhead).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>How each audio track is written, by track: <c>copy (aac)</c> or what it is encoded to.</summary>
    public IReadOnlyList<string> AudioTracks => _audioDescriptions;

    /// <summary>How each subtitle track is carried, by track: <c>copy (subrip, eng)</c>, or <c>not carried (…): why</c>.</summary>
    public IReadOnlyList<string> SubtitleTracks => _subtitleDescriptions;

    /// <summary>Whether subtitle track <paramref name="track"/> has a stream in the output.</summary>
    public bool CarriesSubtitle(int track) => track < _subtitles.Count && _subtitles[track] is not null;

    /// <summary>What an <c>srt://</c> output did (receivers, bytes sent and dropped, SRT's statistics), or <c>null</c> for another output.</summary>
    public SrtFigures? Srt => _srt?.Figures;

    /// <summary>Whether audio track <paramref name="track"/> is encoded (a gap in its timestamps becomes silence) rather than copied.</summary>
    public bool IsAudioEncoded(int track) => _audio[track].Encoded;

    /// <summary>Source audio packets that could not be decoded for encoding, over all tracks.</summary>
    public long DamagedAudioPackets => _damagedAudio + _audio.Sum(a => a.Damaged);

    /// <summary>The muxer <paramref name="uri"/> would use, and whether it wants codec headers out of band (an encoder global header).</summary>
    /// <exception cref="MediaOutputException">No muxer fits.</exception>
    public static (string Format, bool NeedsGlobalHeader) Describe(string uri, string? format = null)
    {
        FFmpegLibraries.Load();
        var context = AllocateContext(uri, format);
        try
        {
            var oformat = *(nint*)((byte*)context + FormatLayout.ContextOutputFormat);
            return (Marshal.PtrToStringUTF8(*(nint*)oformat) ?? "?", (*(int*)((byte*)oformat + FormatLayout.OutputFormatFlags) & AvFormatNative.FormatGlobalHeader) != 0);
        }
        finally
        {
            AvFormatNative.FreeContext(context);
        }
    }

    /// <summary>Whether the format chosen for <paramref name="uri"/> can carry audio beside the video (a raw elementary stream or a picture file cannot).</summary>
    public static bool CarriesAudio(string uri, string? format = null) =>
        !uri.EndsWith(".y4m", StringComparison.OrdinalIgnoreCase) && Describe(uri, format).Format is not ("h264" or "hevc" or "mpeg2video" or "m2v" or "ivf" or "obu" or "rawvideo" or "yuv4mpegpipe");

    /// <summary>Whether the format chosen for <paramref name="uri"/> wants codec headers out of band.</summary>
    public static bool NeedsGlobalHeader(string uri, string? format = null) => Describe(uri, format).NeedsGlobalHeader;

    /// <summary>Opens <paramref name="uri"/> for one video stream as <paramref name="session"/> describes it, and writes the header.</summary>
    /// <param name="uri">A file path (its extension picks the format) or URL; <c>udp://host:port</c> gets MPEG-TS.</param>
    /// <param name="session">The encoder's session (codec, size, extradata) whose units will be written.</param>
    /// <param name="frameRate">The stream's frame rate (the time-base hint and each unit's duration).</param>
    /// <param name="format">A muxer name to use instead of guessing from <paramref name="uri"/>, e.g. <c>mpegts</c>.</param>
    /// <param name="audio">The source's audio tracks to carry (none: a video-only output).</param>
    /// <param name="audioSettings">How tracks are copied or encoded (default: copy where possible, otherwise AAC).</param>
    /// <param name="subtitles">The source's subtitle tracks: each is copied when the container takes its codec, otherwise left out (<see cref="SubtitleTracks"/> says which and why).</param>
    /// <param name="muxerOptions">The muxer's own options (AVOptions), e.g. <c>hls_time</c> for an HLS output or <c>muxrate</c> for MPEG-TS; one it does not know is an error. The keys <c>service_name</c> and <c>service_provider</c> go into the output's metadata, where the MPEG-TS muxer reads them.</param>
    /// <exception cref="MediaOutputException">The format is unknown, the codec cannot go into it, an audio track can neither be copied nor encoded, a muxer option is refused, or the output cannot be created.</exception>
    public static MediaSink Open(string uri, EncoderSession session, Rational frameRate, string? format = null, IReadOnlyList<AudioTrack>? audio = null, AudioOutputSettings? audioSettings = null, IReadOnlyDictionary<string, string>? muxerOptions = null, IReadOnlyList<SubtitleTrack>? subtitles = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        ArgumentNullException.ThrowIfNull(session);
        FFmpegLibraries.Load();
        var sink = new MediaSink(uri, frameRate.PeriodNanoseconds());
        try
        {
            sink.OpenCore(session, frameRate, format, audio ?? [], audioSettings ?? new AudioOutputSettings(), muxerOptions ?? new Dictionary<string, string>(), subtitles ?? []);
            return sink;
        }
        catch
        {
            sink.Dispose();
            throw;
        }
    }

    /// <summary>Writes one unit (in decode order).</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it (disk full, network error, bad timestamps).</exception>
    public void Write(EncodedUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var data = unit.Data.Span;
        PacketFill.Fill(_packet, data, ToTicks(unit.PtsNs), ToTicks(unit.DtsNs), Math.Max(1, ToTicks(_frameDurationNs)), unit.IsKeyframe, $"Output '{_shown}'");
        *(int*)((byte*)_packet + FormatLayout.PacketStreamIndex) = 0;
        var written = AvFormatNative.InterleavedWriteFrame(_context, _packet);
        AvCodecNative.PacketUnref(_packet);
        if (written < 0)
        {
            throw new MediaOutputException($"Output '{_shown}': writing the unit of frame {unit.Sequence} failed: {AvUtilNative.Describe(written)}.");
        }

        UnitsWritten++;
        BytesWritten += data.Length;
    }

    /// <summary>Writes one audio packet of track <see cref="AnchoredPacket.Track"/>, starting at <paramref name="ptsNs"/> on the output timeline (packets of a track in order).</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it.</exception>
    public void WriteAudio(AnchoredPacket packet, long ptsNs)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ObjectDisposedException.ThrowIf(_context == 0, this);
        _audio[packet.Track].Write(packet, ptsNs);
    }

    /// <summary>Writes one subtitle packet of track <see cref="AnchoredPacket.Track"/> (one the output carries: <see cref="CarriesSubtitle"/>), starting at <paramref name="ptsNs"/> on the output timeline.</summary>
    /// <exception cref="MediaOutputException">The muxer or the output refused it.</exception>
    /// <exception cref="ArgumentException">The output does not carry the packet's track.</exception>
    public void WriteSubtitle(AnchoredPacket packet, long ptsNs)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var stream = CarriesSubtitle(packet.Track) ? _subtitles[packet.Track]! : throw new ArgumentException($"The output does not carry subtitle track {packet.Track}.", nameof(packet));
        stream.WriteCopy(packet.Data, ptsNs, packet.DurationNs);
    }

    /// <summary>Writes the trailer (the index, for MP4) and closes the output. Safe to call more than once; <see cref="Dispose"/> calls it.</summary>
    /// <exception cref="MediaOutputException">The trailer could not be written.</exception>
    public void Close()
    {
        if (_context == 0)
        {
            return;
        }

        string? audioFailure = null;
        if (_headerWritten)
        {
            foreach (var track in _audio)
            {
                try
                {
                    track.Finish();
                }
                catch (MediaOutputException ex)
                {
                    audioFailure ??= ex.Message; // the trailer is still written, so the video stays playable
                }
            }
        }

        var trailer = _headerWritten ? AvFormatNative.WriteTrailer(_context) : 0;
        _headerWritten = false;
        Release();
        if (trailer < 0)
        {
            throw new MediaOutputException($"Output '{_shown}': finishing the file failed: {AvUtilNative.Describe(trailer)}; what was written before may lack its index.");
        }

        if (audioFailure is not null)
        {
            throw new MediaOutputException(audioFailure);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Close();
        }
        catch (MediaOutputException)
        {
            // Dispose must not throw; Close reports the failure to callers that ask
        }
    }

    private static nint AllocateContext(string uri, string? format)
    {
        var isUdp = uri.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("rtp://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("srt://", StringComparison.OrdinalIgnoreCase);
        var name = format ?? (isUdp ? "mpegts" : null);
        var result = AvFormatNative.AllocOutputContext(out var context, 0, name, uri);
        if (result < 0 || context == 0)
        {
            throw new MediaOutputException(name is null
                ? $"Output '{MediaUris.Redact(uri)}': no format matches its extension. Use .ts (MPEG-TS, the default for live output), .mkv, .mp4 or .h264/.hevc/.m2v/.ivf/.obu (raw streams), or name the format."
                : $"Output '{MediaUris.Redact(uri)}': this FFmpeg has no '{name}' muxer.");
        }

        return context;
    }

    private long ToTicks(long ns) => _timeBase.TicksOf(ns);

    private void OpenCore(EncoderSession session, Rational frameRate, string? format, IReadOnlyList<AudioTrack> audio, AudioOutputSettings audioSettings, IReadOnlyDictionary<string, string> muxerOptions, IReadOnlyList<SubtitleTrack> subtitles)
    {
        _context = AllocateContext(_uri, format);
        var oformat = *(nint*)((byte*)_context + FormatLayout.ContextOutputFormat);
        FormatName = Marshal.PtrToStringUTF8(*(nint*)oformat) ?? "?";
        var flags = *(int*)((byte*)oformat + FormatLayout.OutputFormatFlags);
        if ((flags & AvFormatNative.FormatGlobalHeader) != 0 && FormatName != "hls" && session.Extradata.IsEmpty && FFmpegLibraries.CodecOf(session.Codec) is "h264" or "hevc") // HLS writes MPEG-TS segments, which carry the headers in band
        {
            throw new MediaOutputException($"Output '{_shown}': {FormatName} keeps codec headers out of band, but encoder '{session.Codec}' was opened without a global header; open it with one (option globalHeader) or write MPEG-TS.");
        }

        _stream = AvFormatNative.NewStream(_context, 0);
        var layout = FFmpegLibraries.Format;
        var parameters = *(nint*)((byte*)_stream + layout.StreamCodecParameters);
        FillParameters(parameters, session, frameRate);
        *(Rational32*)((byte*)_stream + layout.StreamTimeBase) = new Rational32(frameRate.Denominator, frameRate.Numerator);
        if (FormatName == "mpegts")
        {
            _ = AvUtilNative.OptSet(_context, "max_delay", "700000", 0); // the CLI's muxing delay, so timestamps start where players expect
            _ = AvUtilNative.OptSet(_context, "flush_packets", "1", 0); // a hard kill leaves every packet written so far readable
        }

        foreach (var (name, value) in muxerOptions)
        {
            if (name is "service_name" or "service_provider")
            {
                _ = AvUtilNative.DictSet(ref *(nint*)((byte*)_context + layout.ContextMetadata), name, value, 0);
                continue;
            }

            var set = AvUtilNative.OptSet(_context, name, value, AvUtilNative.SearchChildren);
            if (set < 0)
            {
                throw new MediaOutputException($"Output '{_shown}': the {FormatName} muxer refused {name}={value}: {AvUtilNative.Describe(set)}.");
            }
        }

        _audio = [.. audio.Select(track => AudioOutputTrack.Add(_context, _shown, track, audioSettings))];
        _audioDescriptions = [.. _audio.Select(a => a.Description)];
        var carried = subtitles.Select(track => SubtitleOutput.Add(_context, _shown, track, FormatName)).ToList();
        _subtitles = [.. carried.Select(c => c.Stream)];
        _subtitleDescriptions = [.. carried.Select(c => c.Description)];
        if ((flags & AvFormatNative.FormatNoFile) != 0 && !_uri.Contains("://", StringComparison.Ordinal) && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(_uri))))
        {
            throw new MediaOutputException($"Output '{_shown}': cannot be created: its folder {Path.GetDirectoryName(Path.GetFullPath(_uri))} does not exist. Create it, or name another.");
        }

        if (_uri.StartsWith("srt://", StringComparison.OrdinalIgnoreCase))
        {
            // SRT is sent from a thread of its own (SrtOutput): the muxer writes into a buffer that never blocks on the network
            _srt = SrtOutput.Open(_uri);
            _srtIo = new SrtIo(_srt);
            *(nint*)((byte*)_context + FormatLayout.ContextPb) = _srtIo.Context;
        }
        else if ((flags & AvFormatNative.FormatNoFile) == 0)
        {
            var opened = AvFormatNative.IoOpen((nint)((byte*)_context + FormatLayout.ContextPb), _uri, AvFormatNative.IoWrite);
            if (opened < 0)
            {
                throw new MediaOutputException($"Output '{_shown}': cannot be created: {AvUtilNative.Describe(opened)}. Check that the folder exists and is writable, or the address.");
            }

            _ioOpened = true;
        }

        var header = AvFormatNative.WriteHeader(_context, 0);
        if (header < 0)
        {
            throw new MediaOutputException($"Output '{_shown}': {FormatName} cannot carry '{session.Codec}' ({AvUtilNative.Describe(header)}). MPEG-TS (.ts) and Matroska (.mkv) carry every codec SwarmHost encodes.");
        }

        _headerWritten = true;
        _timeBase = *(Rational32*)((byte*)_stream + layout.StreamTimeBase); // the muxer picks its own, e.g. 1/90000 for MPEG-TS
        foreach (var track in _audio)
        {
            track.HeaderWritten();
        }
        _packet = AvCodecNative.PacketAlloc();
    }

    private static void FillParameters(nint parameters, EncoderSession session, Rational frameRate)
    {
        var codec = AvCodecNative.FindEncoderByName(session.Codec);
        if (codec == 0)
        {
            throw new MediaOutputException($"Encoder '{session.Codec}' is unknown to this FFmpeg, so its stream cannot be described.");
        }

        var context = AvCodecNative.AllocContext(codec);
        try
        {
            _ = AvUtilNative.OptSetImageSize(context, "video_size", session.Width, session.Height, 0);
            _ = AvUtilNative.OptSetPixelFormat(context, "pixel_format", StableLayout.PixelFormatYuv420P, 0);
            _ = AvUtilNative.OptSet(context, "time_base", $"{frameRate.Denominator}/{frameRate.Numerator}", 0);
            _ = AvCodecNative.ParametersFromContext(parameters, context);
        }
        finally
        {
            AvCodecNative.FreeContext(ref context);
        }

        if (!session.Extradata.IsEmpty)
        {
            NativeCleanup.SetExtradata(parameters, session.Extradata.Span);
        }
    }

    private void Release()
    {
        foreach (var track in _audio)
        {
            _damagedAudio += track.Damaged;
            track.Dispose();
        }

        _audio = [];
        foreach (var stream in _subtitles)
        {
            stream?.Dispose();
        }

        _subtitles = [];
        if (_packet != 0)
        {
            AvCodecNative.PacketFree(ref _packet);
        }

        if (_ioOpened)
        {
            _ = AvFormatNative.IoClose((nint)((byte*)_context + FormatLayout.ContextPb));
            _ioOpened = false;
        }

        if (_srtIo is not null)
        {
            *(nint*)((byte*)_context + FormatLayout.ContextPb) = 0;
            _srtIo.Dispose();
            _srtIo = null;
            _srt!.Dispose(); // sends what is queued, then closes; its figures stay readable
        }

        if (_context != 0)
        {
            AvFormatNative.FreeContext(_context);
            _context = 0;
        }
    }
}
