using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>Reads a file's best video stream and first audio stream for <see cref="AvSyncProbe"/>: flash times and tone onset times, in seconds on the file's timeline.</summary>
internal sealed unsafe class SyncPatternReader : IDisposable
{
    private const int ProbeRate = 48_000;
    private readonly string _file;
    private readonly FormatLayout _layout = FFmpegLibraries.Format;
    private readonly List<double> _flashes = [];
    private readonly List<double> _onsets = [];
    private nint _format;
    private nint _video;
    private nint _packet;
    private nint _frame;
    private AudioDecoding? _audio;
    private int _videoStream;
    private int _audioStream = -1;
    private Rational32 _videoTimeBase;
    private Rational32 _audioTimeBase;
    private double _previousLuma = double.NaN;
    private long _quietSamples = long.MaxValue / 2;

    public SyncPatternReader(string file)
    {
        _file = file;
        try
        {
            Open();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole file.</summary>
    public (List<double> Flashes, List<double> Onsets) ReadAll()
    {
        while (AvFormatNative.ReadFrame(_format, _packet) >= 0)
        {
            var p = (byte*)_packet;
            var stream = *(int*)(p + FormatLayout.PacketStreamIndex);
            if (stream == _videoStream)
            {
                _ = AvCodecNative.SendPacket(_video, _packet);
                DrainVideo();
            }
            else if (stream == _audioStream)
            {
                var pts = *(long*)(p + StableLayout.PacketPts);
                var data = new ReadOnlySpan<byte>(*(byte**)(p + StableLayout.PacketData), *(int*)(p + StableLayout.PacketSize));
                _audio!.Decode(data, Micros(pts, _audioTimeBase), Micros(*(long*)(p + FormatLayout.PacketDuration), _audioTimeBase), Samples);
            }

            AvCodecNative.PacketUnref(_packet);
        }

        _ = AvCodecNative.SendPacket(_video, 0);
        DrainVideo();
        _audio!.Finish(Samples);
        return (_flashes, _onsets);
    }

    public void Dispose()
    {
        _audio?.Dispose();
        var scaler = (nint)0;
        NativeCleanup.Release(ref _video, ref _frame, ref _packet, ref scaler);
        if (_format != 0)
        {
            AvFormatNative.CloseInput(ref _format);
        }
    }

    private static long Micros(long ticks, Rational32 timeBase) => ticks == AvUtilNative.NoPts ? ticks : (long)((Int128)ticks * timeBase.Num * 1_000_000 / timeBase.Den);

    private void Open()
    {
        nint options = 0;
        var opened = AvFormatNative.OpenInput(ref _format, _file, 0, ref options);
        if (opened < 0)
        {
            _format = 0;
            throw new MediaInputException($"'{_file}': cannot be opened: {AvUtilNative.Describe(opened)}.");
        }

        _ = AvFormatNative.FindStreamInfo(_format, 0);
        _videoStream = AvFormatNative.FindBestStream(_format, AvFormatNative.MediaTypeVideo, -1, -1, out var videoCodec, 0);
        _audioStream = AvFormatNative.FindBestStream(_format, AvFormatNative.MediaTypeAudio, -1, -1, out _, 0);
        if (_videoStream < 0 || videoCodec == 0 || _audioStream < 0)
        {
            throw new MediaInputException($"'{_file}': the A/V sync measure needs a video and an audio stream; it has {(_videoStream < 0 ? "no video" : "video")} and {(_audioStream < 0 ? "no audio" : "audio")}.");
        }

        var streams = *(nint**)((byte*)_format + FormatLayout.ContextStreams);
        _videoTimeBase = *(Rational32*)((byte*)streams[_videoStream] + _layout.StreamTimeBase);
        _audioTimeBase = *(Rational32*)((byte*)streams[_audioStream] + _layout.StreamTimeBase);
        _video = AvCodecNative.AllocContext(videoCodec);
        _ = AvCodecNative.ParametersToContext(_video, *(nint*)((byte*)streams[_videoStream] + _layout.StreamCodecParameters));
        if (AvCodecNative.Open(_video, videoCodec, 0) < 0)
        {
            throw new MediaInputException($"'{_file}': its video decoder cannot be opened.");
        }

        _audio = new AudioDecoding(*(nint*)((byte*)streams[_audioStream] + _layout.StreamCodecParameters), $"aresample={ProbeRate},aformat=sample_fmts=flt:channel_layouts=mono", $"'{_file}'");
        _packet = AvCodecNative.PacketAlloc();
        _frame = AvUtilNative.FrameAlloc();
    }

    private void DrainVideo()
    {
        while (AvCodecNative.ReceiveFrame(_video, _frame) >= 0)
        {
            var f = (byte*)_frame;
            var width = *(int*)(f + StableLayout.FrameWidth);
            var height = *(int*)(f + StableLayout.FrameHeight);
            var stride = *(int*)(f + StableLayout.FrameLinesize);
            var luma = *(byte**)(f + StableLayout.FrameData);
            // the flash is a white box over the picture's top-left corner: a quarter of its width and height
            long sum = 0;
            long count = 0;
            for (var y = 0; y < height / 4; y++)
            {
                var row = new ReadOnlySpan<byte>(luma + (long)y * stride, width / 4);
                foreach (var value in row)
                {
                    sum += value;
                }

                count += row.Length;
            }

            var mean = count == 0 ? 0 : sum / (double)count;
            var pts = *(long*)(f + StableLayout.FramePts);
            if (pts != AvUtilNative.NoPts && mean > AvSyncProbe.FlashLuma && (double.IsNaN(_previousLuma) || mean - _previousLuma > AvSyncProbe.FlashRise))
            {
                _flashes.Add(pts * (double)_videoTimeBase.Num / _videoTimeBase.Den);
            }

            _previousLuma = mean;
            AvUtilNative.FrameUnref(_frame);
        }
    }

    /// <summary>One converted audio frame (mono float at <see cref="ProbeRate"/>, pts in samples).</summary>
    private void Samples(nint frame)
    {
        var f = (byte*)frame;
        var count = *(int*)(f + StableLayout.FrameSampleCount);
        var start = *(long*)(f + StableLayout.FramePts);
        var samples = new ReadOnlySpan<float>(*(float**)(f + StableLayout.FrameData), count);
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) < AvSyncProbe.LoudLevel)
            {
                _quietSamples++;
                continue;
            }

            if (_quietSamples >= AvSyncProbe.QuietBeforeOnsetSeconds * ProbeRate && start != AvUtilNative.NoPts)
            {
                _onsets.Add((start + i) / (double)ProbeRate);
            }

            _quietSamples = 0;
        }
    }
}
