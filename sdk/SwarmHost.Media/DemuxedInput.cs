using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using SwarmHost.Abstractions;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>One opened input: demuxer, decoder and scaler, used by the reader thread only.</summary>
internal sealed unsafe class DemuxedInput : IDisposable
{
    private readonly FormatLayout _layout = FFmpegLibraries.Format;
    private nint _format;
    private nint _decoder;
    private nint _packet;
    private nint _frame;
    private nint _scaler;
    private int _streamIndex;
    private Rational32 _timeBase;
    private nint _parameters;
    private PacketRelay? _relay;
    private bool _draining;
    private bool _broken;
    private readonly Dictionary<int, (int Track, Rational32 TimeBase)> _audioStreams = [];
    private readonly Dictionary<int, (int Track, Rational32 TimeBase)> _subtitleStreams = [];

    public enum Outcome
    {
        Picture,
        Damaged,
        End,
        Failed,
    }

    public readonly record struct Picture(IMemoryOwner<byte> Buffer, long Pts);

    public required string Uri { get; init; }

    public bool IsNetwork { get; private init; }

    /// <summary>The input as messages show it (a passphrase hidden).</summary>
    private string Shown => MediaUris.Redact(Uri);

    /// <summary>Why reading a file stopped before its end (a read error), or <c>null</c>.</summary>
    public string? CutShort { get; private set; }

    public string FormatName { get; private set; } = "";

    public string CodecName { get; private set; } = "";

    public string SourceSize { get; private set; } = "";

    public Rational FrameRate { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The input's audio streams in stream order: index, codec parameters (owned by the input), language tag.</summary>
    public IReadOnlyList<(int Stream, nint Parameters, string? Language)> AudioStreams { get; private set; } = [];

    /// <summary>Receives every packet of an audio stream: its track (position among the audio streams), bytes, start and duration in source ns (start <see cref="AvUtilNative.NoPts"/> when the packet has none). Reader thread.</summary>
    public Action<int, byte[], long, long>? AudioReceived { get; set; }

    /// <summary>The input's subtitle streams in stream order: index, codec parameters (owned by the input), language tag.</summary>
    public IReadOnlyList<(int Stream, nint Parameters, string? Language)> SubtitleStreams { get; private set; } = [];

    /// <summary>Receives every packet of a subtitle stream, as <see cref="AudioReceived"/> does an audio stream's. Reader thread.</summary>
    public Action<int, byte[], long, long>? SubtitleReceived { get; set; }

    public static DemuxedInput Open(MediaSourceOptions options, bool network)
    {
        var input = new DemuxedInput { Uri = options.Uri, IsNetwork = network };
        try
        {
            input.OpenCore(options);
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public long ToNanoseconds(long ticks) => _timeBase.ToNanoseconds(ticks);

    public Outcome Next(out Picture picture)
    {
        picture = default;
        while (true)
        {
            var received = AvCodecNative.ReceiveFrame(_decoder, _frame);
            if (received >= 0)
            {
                picture = Convert();
                return Outcome.Picture;
            }

            if (received == AvUtilNative.ErrorEof)
            {
                return _broken ? Outcome.Failed : Outcome.End;
            }

            if (received != AvUtilNative.ErrorAgain)
            {
                return Outcome.Damaged;
            }

            if (_draining)
            {
                return Outcome.End;
            }

            var read = AvFormatNative.ReadFrame(_format, _packet);
            if (read == AvUtilNative.ErrorEof)
            {
                if (!IsNetwork)
                {
                    _relay?.Complete(); // its receivers get to the end as soon as this reader does, ahead of the pictures still to be delivered here
                }

                _draining = true;
                _ = AvCodecNative.SendPacket(_decoder, 0);
                continue;
            }

            if (read < 0)
            {
                if (IsNetwork)
                {
                    // the stream broke (e.g. its sender closed the connection): the pictures the decoder holds are delivered first, then it is reopened
                    _broken = true;
                    _draining = true;
                    _ = AvCodecNative.SendPacket(_decoder, 0);
                    continue;
                }

                if (read == AvUtilNative.ErrorInvalidData)
                {
                    return Outcome.Damaged;
                }

                // as the ffmpeg CLI does: a read error of a file ends its input; the pictures the decoder still holds are delivered
                CutShort = $"reading stopped at a damaged or unreadable part: {AvUtilNative.Describe(read)}; the pictures before it were decoded and delivered";
                _draining = true;
                _ = AvCodecNative.SendPacket(_decoder, 0);
                return Outcome.Damaged;
            }

            var stream = *(int*)((byte*)_packet + FormatLayout.PacketStreamIndex);
            if (stream != _streamIndex)
            {
                if (AudioReceived is { } handOn && _audioStreams.TryGetValue(stream, out var audio))
                {
                    HandOn(handOn, audio.Track, audio.TimeBase);
                }
                else if (SubtitleReceived is { } subtitles && _subtitleStreams.TryGetValue(stream, out var subtitle))
                {
                    HandOn(subtitles, subtitle.Track, subtitle.TimeBase);
                }

                AvCodecNative.PacketUnref(_packet);
                continue;
            }

            _relay?.Forward(_packet, _timeBase, _parameters);
            var sent = AvCodecNative.SendPacket(_decoder, _packet);
            AvCodecNative.PacketUnref(_packet);
            if (sent < 0 && sent != AvUtilNative.ErrorAgain)
            {
                return Outcome.Damaged;
            }
        }
    }

    public void Dispose()
    {
        NativeCleanup.Release(ref _decoder, ref _frame, ref _packet, ref _scaler);
        if (_format != 0)
        {
            AvFormatNative.CloseInput(ref _format);
        }
    }

    private void OpenCore(MediaSourceOptions options)
    {
        var (url, formatName) = Uri.StartsWith("lavfi:", StringComparison.Ordinal) ? (Uri["lavfi:".Length..], "lavfi") : (Uri, (string?)null);
        var inputFormat = formatName is null ? 0 : AvFormatNative.FindInputFormat(formatName);
        if (formatName is not null && inputFormat == 0)
        {
            throw new MediaInputException($"Input '{Shown}': this FFmpeg has no '{formatName}' input (libavdevice missing?); {FFmpegRelease.InstallHint}.");
        }

        if (formatName is null && !IsNetwork && !url.Contains("://", StringComparison.Ordinal) && !File.Exists(url))
        {
            throw new MediaInputException($"Input '{Shown}': no such file (looked in {Path.GetFullPath(url)}). Give an existing file, a URL (udp://, srt://, rtmp://) or a lavfi: test source such as lavfi:testsrc2=size=1280x720:rate=30.");
        }

        nint dictionary = 0;
        if (InputProtocols.For(Uri) is { } protocols)
        {
            _ = AvUtilNative.DictSet(ref dictionary, "protocol_whitelist", protocols, 0);
        }

        if (IsNetwork)
        {
            var micros = ((long)options.NetworkTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
            _ = AvUtilNative.DictSet(ref dictionary, "rw_timeout", micros, 0);
            _ = AvUtilNative.DictSet(ref dictionary, "timeout", micros, 0);
            _ = AvUtilNative.DictSet(ref dictionary, "analyzeduration", "1000000", 0);
        }

        foreach (var (key, value) in options.InputOptions)
        {
            _ = AvUtilNative.DictSet(ref dictionary, key, value, 0);
        }

        var opened = AvFormatNative.OpenInput(ref _format, url, inputFormat, ref dictionary);
        AvUtilNative.DictFree(ref dictionary);
        if (opened < 0)
        {
            _format = 0;
            throw new MediaInputException($"Input '{Shown}': cannot be opened: {AvUtilNative.Describe(opened)}. {Hint(opened)}");
        }

        var info = AvFormatNative.FindStreamInfo(_format, 0);
        if (info < 0)
        {
            throw new MediaInputException($"Input '{Shown}': its streams cannot be read: {AvUtilNative.Describe(info)}. The file may be truncated or damaged.");
        }

        _streamIndex = AvFormatNative.FindBestStream(_format, AvFormatNative.MediaTypeVideo, -1, -1, out var codec, 0);
        if (_streamIndex < 0 || codec == 0)
        {
            throw new MediaInputException(_streamIndex < 0
                ? $"Input '{Shown}': has no video stream. SwarmHost encodes video; give an input with a video stream."
                : $"Input '{Shown}': this FFmpeg has no decoder for its video stream; `ffprobe {Shown}` shows the codec.");
        }

        var streams = *(nint**)((byte*)_format + FormatLayout.ContextStreams);
        var stream = streams[_streamIndex];
        if (*(int*)((byte*)stream + _layout.StreamIndex) != _streamIndex)
        {
            throw new FFmpegUnavailableException($"libavformat {FFmpegLibraries.Unpack(AvFormatNative.Version())}: AVStream's layout is not the one expected for this release (stream index mismatch); supported: {string.Join(", ", FFmpegRelease.Supported.Select(r => r.Name))}.");
        }

        _timeBase = *(Rational32*)((byte*)stream + _layout.StreamTimeBase);
        AudioStreams = Find(streams, AvFormatNative.MediaTypeAudio, _audioStreams);
        SubtitleStreams = Find(streams, AvFormatNative.MediaTypeSubtitle, _subtitleStreams);
        var rate = AvFormatNative.GuessFrameRate(_format, stream, 0);
        FrameRate = rate.Num > 0 && rate.Den > 0 ? new Rational(rate.Num, rate.Den) : new Rational(25, 1);

        _decoder = AvCodecNative.AllocContext(codec);
        var parameters = *(nint*)((byte*)stream + _layout.StreamCodecParameters);
        Check(AvCodecNative.ParametersToContext(_decoder, parameters), "reading its codec parameters");
        _parameters = parameters;
        _relay = options.Relay;
        _ = AvUtilNative.OptSet(_decoder, "threads", "auto", 0);
        if (IsNetwork)
        {
            _ = AvUtilNative.OptSet(_decoder, "thread_type", "slice", 0); // frame threading would hold pictures back on a live input
        }

        Check(AvCodecNative.Open(_decoder, codec, 0), "opening its decoder");
        _packet = AvCodecNative.PacketAlloc();
        _frame = AvUtilNative.FrameAlloc();

        FormatName = Marshal.PtrToStringUTF8(*(nint*)*(nint*)((byte*)_format + FormatLayout.ContextInputFormat)) ?? "?";
        CodecName = Marshal.PtrToStringUTF8(*(nint*)codec) ?? "?";
        SourceSize = AvUtilNative.OptGetString(_decoder, "video_size") ?? "?";
        var (sourceWidth, sourceHeight) = ParseSize(SourceSize);
        Width = options.Width ?? sourceWidth & ~1;
        Height = options.Height ?? sourceHeight & ~1;
        if (Width <= 0 || Height <= 0)
        {
            throw new MediaInputException($"Input '{Shown}': its picture size is unknown ({SourceSize}); give the size to deliver explicitly.");
        }
    }

    /// <summary>The streams of <paramref name="mediaType"/> in stream order, each also entered in <paramref name="tracks"/> by stream index with its track number and time base.</summary>
    private List<(int Stream, nint Parameters, string? Language)> Find(nint* streams, int mediaType, Dictionary<int, (int Track, Rational32 TimeBase)> tracks)
    {
        var count = *(uint*)((byte*)_format + FormatLayout.ContextStreamCount);
        var found = new List<(int, nint, string?)>();
        for (var i = 0; i < count; i++)
        {
            var parameters = *(nint*)((byte*)streams[i] + _layout.StreamCodecParameters);
            if (*(int*)((byte*)parameters + FormatLayout.CodecParametersType) != mediaType)
            {
                continue;
            }

            tracks[i] = (found.Count, *(Rational32*)((byte*)streams[i] + _layout.StreamTimeBase));
            var metadata = *(nint*)((byte*)streams[i] + _layout.StreamMetadata);
            var entry = metadata == 0 ? 0 : AvUtilNative.DictGet(metadata, "language", 0, 0);
            found.Add((i, parameters, entry == 0 ? null : Marshal.PtrToStringUTF8(*(nint*)(entry + 8)))); // AVDictionaryEntry { char* key; char* value; }
        }

        return found;
    }

    private void HandOn(Action<int, byte[], long, long> received, int track, Rational32 timeBase)
    {
        var p = (byte*)_packet;
        var size = *(int*)(p + StableLayout.PacketSize);
        var data = new byte[size];
        new ReadOnlySpan<byte>(*(byte**)(p + StableLayout.PacketData), size).CopyTo(data);
        var pts = *(long*)(p + StableLayout.PacketPts);
        var duration = *(long*)(p + FormatLayout.PacketDuration);
        received(track, data, pts == AvUtilNative.NoPts ? pts : timeBase.ToNanoseconds(pts), duration > 0 ? timeBase.ToNanoseconds(duration) : 0);
    }

    private static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h) ? (w, h) : (0, 0);
    }

    private string Hint(int error) => error switch
    {
        AvUtilNative.ErrorInvalidData => "It is not a media file FFmpeg recognises, or it is damaged or truncated (an mp4 cut short loses its index).",
        AvUtilNative.ErrorTimedOut => "Nothing arrived in time; check that the sender is running and the address and port are right.",
        _ when IsNetwork => "Check the address, the port and that the sender is running.",
        _ => "Check the path, the permissions and that the file is a media file.",
    };

    private void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new MediaInputException($"Input '{Shown}': failed {what}: {AvUtilNative.Describe(result)}.");
        }
    }

    private Picture Convert()
    {
        var pts = *(long*)((byte*)_frame + StableLayout.FramePts);
        var buffer = NativePicture.ToI420(_frame, Width, Height, ref _scaler);
        AvUtilNative.FrameUnref(_frame);
        return buffer is null
            ? throw new MediaInputException($"Input '{Shown}': cannot convert its pictures ({SourceSize}) to {Width}x{Height} yuv420p.")
            : new Picture(buffer, pts);
    }
}
