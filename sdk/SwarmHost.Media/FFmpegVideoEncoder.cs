using System.Diagnostics;
using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// A libavcodec video encoder driven in-process: I420 frames in, encoded units out, keyframes
/// where the host asks for them (or at a fixed interval where the codec only allows that).
/// </summary>
/// <remarks>
/// Follows the <see cref="IVideoEncoder"/> contract: one thread at a time per instance; Dispose
/// always runs and frees every native resource, also after a failed <see cref="Open"/>. Encoder
/// delay is measured at open by encoding blank frames with an identically configured context
/// until the first unit appears, so it reflects the real lookahead and B-frame settings.
/// </remarks>
public sealed class FFmpegVideoEncoder : IVideoEncoder
{
    private static readonly string[] FixedIntervalCodecs = ["libsvtav1"];

    private readonly string _instanceId;
    private readonly FFmpegEncoderSettings _settings;
    private const int TimestampMemory = 512; // frames; far more than any encoder's delay

    /// <summary>Delays already measured, by configuration: the same settings on the same profile hold the same number of frames, so a restarted or additional instance need not measure again.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> MeasuredDelays = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _timestamps = [];
    private (long Sequence, long TimestampNs) _origin;
    private nint _context;
    private nint _frame;
    private nint _packet;
    private nint _scaler;
    private int _width;
    private int _height;
    private long _frameDurationNs;
    private long _framesIn;
    private long _unitsOut;
    private long _bytesOut;
    private long _errors;
    private TimeSpan _totalTime;
    private TimeSpan _lastTime;

    /// <summary>Creates an unopened encoder.</summary>
    /// <param name="instanceId">The instance id stamped on every unit.</param>
    /// <param name="settings">Codec and rate control.</param>
    public FFmpegVideoEncoder(string instanceId, FFmpegEncoderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(settings);
        _instanceId = instanceId;
        _settings = settings;
    }

    /// <inheritdoc />
    public EncoderStats Stats => new(_framesIn, _unitsOut, _bytesOut, _errors, _totalTime, _lastTime);

    /// <inheritdoc />
    public EncoderSession Open(OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        FFmpegLibraries.Load();
        _frameDurationNs = profile.FrameRate.PeriodNanoseconds();
        _width = _settings.Width ?? profile.Width;
        _height = _settings.Height ?? profile.Height;
        if (_width <= 0 || _height <= 0 || _width % 2 != 0 || _height % 2 != 0)
        {
            throw new InvalidOperationException($"Encoder '{_instanceId}': the size to encode at must be positive and even; got {_width}x{_height}.");
        }

        var configuration = $"{_settings.Codec} {_width}x{_height} {profile.FrameRate} {string.Join(' ', _settings.AvOptions(profile))}";
        var delay = MeasuredDelays.GetOrAdd(configuration, _ => MeasureDelay(profile));
        _context = OpenContext(profile);
        _frame = AllocateFrame(_width, _height);
        _packet = AvCodecNative.PacketAlloc();
        var keyframes = FixedIntervalCodecs.Contains(_settings.Codec, StringComparer.Ordinal) ? KeyframeControl.FixedInterval : KeyframeControl.PerFrame;
        return new EncoderSession(_settings.Codec, _width, _height, delay, keyframes, _settings.GlobalHeader ? ReadExtradata() : ReadOnlyMemory<byte>.Empty)
        {
            TargetBitrate = _settings.Crf is null ? _settings.Bitrate : null,
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<EncodedUnit> Encode(VideoFrame frame, bool forceKeyframe)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var started = Stopwatch.GetTimestamp();
        Fill(_frame, frame, forceKeyframe);
        if (_framesIn == 0)
        {
            _origin = (frame.Sequence, frame.TimestampNs);
        }

        _timestamps[frame.Sequence] = frame.TimestampNs;
        _timestamps.Remove(frame.Sequence - TimestampMemory);
        _framesIn++;
        var units = new List<EncodedUnit>();
        Check(AvCodecNative.SendFrame(_context, _frame), $"encoding frame {frame.Sequence}");
        Drain(units, Stopwatch.GetElapsedTime(started));
        Account(started);
        return units;
    }

    /// <inheritdoc />
    public IReadOnlyList<EncodedUnit> Flush()
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var started = Stopwatch.GetTimestamp();
        var units = new List<EncodedUnit>();
        var sent = AvCodecNative.SendFrame(_context, 0);
        if (sent != AvUtilNative.ErrorEof)
        {
            Check(sent, "flushing");
        }

        Drain(units, TimeSpan.Zero);
        Account(started);
        return units;
    }

    /// <inheritdoc />
    public void Dispose() => NativeCleanup.Release(ref _context, ref _frame, ref _packet, ref _scaler);

    private unsafe byte[] ReadExtradata()
    {
        var parameters = AvCodecNative.ParametersAlloc();
        try
        {
            Check(AvCodecNative.ParametersFromContext(parameters, _context), "reading its codec headers");
            var p = (byte*)parameters;
            var size = *(int*)(p + FormatLayout.CodecParametersExtradataSize);
            var data = *(byte**)(p + FormatLayout.CodecParametersExtradata);
            return size > 0 && data != null ? new ReadOnlySpan<byte>(data, size).ToArray() : [];
        }
        finally
        {
            AvCodecNative.ParametersFree(ref parameters);
        }
    }

    private void Account(long started)
    {
        _lastTime = Stopwatch.GetElapsedTime(started);
        _totalTime += _lastTime;
    }

    private unsafe void Drain(List<EncodedUnit> units, TimeSpan encodeTime)
    {
        while (true)
        {
            var received = AvCodecNative.ReceivePacket(_context, _packet);
            if (received == AvUtilNative.ErrorAgain || received == AvUtilNative.ErrorEof)
            {
                return;
            }

            Check(received, "receiving a packet");
            var p = (byte*)_packet;
            var pts = *(long*)(p + StableLayout.PacketPts);
            var dts = *(long*)(p + StableLayout.PacketDts);
            var size = *(int*)(p + StableLayout.PacketSize);
            var data = new ReadOnlySpan<byte>(*(byte**)(p + StableLayout.PacketData), size).ToArray();
            var key = (*(int*)(p + StableLayout.PacketFlags) & StableLayout.PacketFlagKey) != 0;
            AvCodecNative.PacketUnref(_packet);

            var ptsNs = TimestampOf(pts);
            var dtsNs = dts == AvUtilNative.NoPts ? ptsNs : Math.Min(ptsNs, TimestampOf(dts));
            units.Add(new EncodedUnit(_instanceId, pts, ptsNs, dtsNs, key, data, encodeTime));
            _unitsOut++;
            _bytesOut += size;
        }
    }

    /// <summary>
    /// The timestamp of the frame with sequence number <paramref name="sequence"/>. Encoders give
    /// DTS as the PTS of an earlier frame (or, before the first frame, extrapolated below it), so
    /// both map back to frame timestamps; that keeps DTS right for irregular frame timing.
    /// </summary>
    private long TimestampOf(long sequence)
    {
        if (_timestamps.TryGetValue(sequence, out var ns))
        {
            return ns;
        }

        return _origin.TimestampNs + ((sequence - _origin.Sequence) * _frameDurationNs);
    }

    private unsafe void Fill(nint target, VideoFrame source, bool forceKeyframe)
    {
        Check(AvUtilNative.FrameMakeWritable(target), "making the frame writable");
        var f = (byte*)target;
        if (*(int*)(f + StableLayout.FrameWidth) == source.Width && *(int*)(f + StableLayout.FrameHeight) == source.Height)
        {
            NativePicture.CopyInto(target, source.Y.Span, source.U.Span, source.V.Span, source.Width, source.Height);
        }
        else
        {
            NativePicture.ScaleInto(target, source.Planes.Span, source.Width, source.Height, ref _scaler);
        }

        *(long*)(f + StableLayout.FramePts) = source.Sequence;
        *(int*)(f + StableLayout.FramePictType) = forceKeyframe ? StableLayout.PictureTypeI : 0;
    }

    private int MeasureDelay(OutputProfile profile)
    {
        var context = OpenContext(profile);
        var frame = AllocateFrame(_width, _height);
        var packet = AvCodecNative.PacketAlloc();
        try
        {
            var grey = new byte[VideoFrame.BufferSize(profile.Width, profile.Height)];
            Array.Fill(grey, (byte)128);
            var limit = Math.Max(250, profile.Gop * 2);
            for (var sent = 0; sent < limit; sent++)
            {
                var blank = new VideoFrame(new BorrowedPixels(grey), profile.Width, profile.Height, sent, 0, _frameDurationNs);
                Fill(frame, blank, sent == 0);
                blank.Release();
                Check(AvCodecNative.SendFrame(context, frame), "measuring the encoder delay");
                var received = AvCodecNative.ReceivePacket(context, packet);
                if (received >= 0)
                {
                    AvCodecNative.PacketUnref(packet);
                    Drain(context, packet); // end the probe stream properly (SVT-AV1 complains otherwise)
                    return sent;
                }

                if (received != AvUtilNative.ErrorAgain)
                {
                    Check(received, "measuring the encoder delay");
                }
            }

            Drain(context, packet);
            return limit;
        }
        finally
        {
            AvCodecNative.PacketFree(ref packet);
            AvUtilNative.FrameFree(ref frame);
            AvCodecNative.FreeContext(ref context);
        }
    }

    private static void Drain(nint context, nint packet)
    {
        _ = AvCodecNative.SendFrame(context, 0);
        while (AvCodecNative.ReceivePacket(context, packet) >= 0)
        {
            AvCodecNative.PacketUnref(packet);
        }
    }

    private nint OpenContext(OutputProfile profile)
    {
        var codec = AvCodecNative.FindEncoderByName(_settings.Codec);
        if (codec == 0)
        {
            throw new InvalidOperationException($"Encoder '{_instanceId}': libavcodec has no encoder named '{_settings.Codec}'; `ffmpeg -hide_banner -encoders` lists the ones this FFmpeg build has.");
        }

        var context = AvCodecNative.AllocContext(codec);
        try
        {
            var problems = new List<string>();
            void Set(string name, string value, int flags = AvUtilNative.SearchChildren)
            {
                var result = AvUtilNative.OptSet(context, name, value, flags);
                if (result < 0)
                {
                    problems.Add($"{name}={value}: {AvUtilNative.Describe(result)}");
                }
            }

            if (AvUtilNative.OptSetImageSize(context, "video_size", _width, _height, 0) < 0)
            {
                problems.Add($"video_size={_width}x{_height}");
            }

            if (AvUtilNative.OptSetPixelFormat(context, "pixel_format", StableLayout.PixelFormatYuv420P, 0) < 0)
            {
                problems.Add("pixel_format=yuv420p");
            }

            Set("time_base", $"{profile.FrameRate.Denominator}/{profile.FrameRate.Numerator}");
            foreach (var option in _settings.AvOptions(profile))
            {
                Set(option.Name, option.Value, AvUtilNative.SearchChildren);
            }

            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"Encoder '{_instanceId}' ({_settings.Codec}) refused option(s): {string.Join("; ", problems)}. `swarmhost inspect ffmpeg` lists the options; codec-private ones are those of `ffmpeg -h encoder={_settings.Codec}`.");
            }

            Check(AvCodecNative.Open(context, codec, 0), $"opening {_settings.Codec}");
            return context;
        }
        catch
        {
            AvCodecNative.FreeContext(ref context);
            throw;
        }
    }

    private static unsafe nint AllocateFrame(int width, int height)
    {
        var frame = AvUtilNative.FrameAlloc();
        var f = (byte*)frame;
        *(int*)(f + StableLayout.FrameWidth) = width;
        *(int*)(f + StableLayout.FrameHeight) = height;
        *(int*)(f + StableLayout.FrameFormat) = StableLayout.PixelFormatYuv420P;
        if (AvUtilNative.FrameGetBuffer(frame, 0) < 0)
        {
            AvUtilNative.FrameFree(ref frame);
            throw new InvalidOperationException($"Could not allocate a {width}x{height} picture.");
        }

        return frame;
    }

    private void Check(int result, string what)
    {
        if (result < 0)
        {
            _errors++;
            throw new InvalidOperationException($"Encoder '{_instanceId}' ({_settings.Codec}) failed {what}: {AvUtilNative.Describe(result)}.");
        }
    }

    /// <summary>Lends an array to a probe frame; the array outlives every frame, so releasing returns nothing.</summary>
    private sealed class BorrowedPixels(byte[] pixels) : System.Buffers.IMemoryOwner<byte>
    {
        public Memory<byte> Memory => pixels;

        public void Dispose()
        {
        }
    }
}
