using SwarmHost.Abstractions;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// Decodes one encoder's units back to I420 pictures with libavcodec — for quality measurement,
/// for blending, and to check that what an encoder produced is decodable.
/// </summary>
/// <remarks>
/// The decoder is chosen by the codec the encoder produces (libx264 → h264, libvpx-vp9 → vp9,
/// libsvtav1 → av1, ...), so any encoder libavcodec knows can be decoded. Pictures come out in
/// presentation order, numbered with the sequence number of the unit that carried them and
/// stamped with its timestamp; the caller owns one reference to each. One thread at a time.
/// </remarks>
public sealed unsafe class FFmpegVideoDecoder : IDisposable
{
    private readonly Dictionary<long, (long PtsNs, long DurationNs)> _timestamps = [];
    private readonly int _width;
    private readonly int _height;
    private nint _context;
    private nint _packet;
    private nint _frame;
    private nint _scaler;

    /// <summary>Opens a decoder for what <paramref name="session"/>'s encoder produces.</summary>
    /// <param name="session">The encoder's session: its codec (libavcodec encoder name), picture size and extradata.</param>
    /// <param name="width">Width of the pictures handed out (scaled when the stream's differs); <c>null</c> for the session's.</param>
    /// <param name="height">Height of the pictures handed out; <c>null</c> for the session's.</param>
    /// <exception cref="InvalidOperationException">No decoder for that codec in this FFmpeg build, or it failed to open.</exception>
    public FFmpegVideoDecoder(EncoderSession session, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        FFmpegLibraries.Load();
        _width = width ?? session.Width;
        _height = height ?? session.Height;
        var encoder = AvCodecNative.FindEncoderByName(session.Codec);
        var codec = encoder == 0 ? AvCodecNative.FindDecoderByName(session.Codec) : AvCodecNative.FindDecoder(*(int*)((byte*)encoder + FormatLayout.CodecId));
        if (codec == 0)
        {
            throw new InvalidOperationException($"No decoder for '{session.Codec}' output in this FFmpeg build; `ffmpeg -hide_banner -decoders` lists the ones it has.");
        }

        _context = AvCodecNative.AllocContext(codec);
        try
        {
            if (!session.Extradata.IsEmpty)
            {
                SetExtradata(codec, session.Extradata.Span);
            }

            _ = AvUtilNative.OptSet(_context, "threads", "1", 0);
            var opened = AvCodecNative.Open(_context, codec, 0);
            if (opened < 0)
            {
                throw new InvalidOperationException($"Opening the decoder for '{session.Codec}' failed: {AvUtilNative.Describe(opened)}.");
            }

            _packet = AvCodecNative.PacketAlloc();
            _frame = AvUtilNative.FrameAlloc();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Units fed that the decoder rejected (undecodable output).</summary>
    public long Rejected { get; private set; }

    /// <summary>Feeds one unit; returns the pictures that became available (possibly none, possibly several).</summary>
    public IReadOnlyList<VideoFrame> Decode(EncodedUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var data = unit.Data.Span;
        if (AvCodecNative.NewPacket(_packet, data.Length) < 0)
        {
            throw new InvalidOperationException($"Out of memory for a {data.Length}-byte packet.");
        }

        var p = (byte*)_packet;
        data.CopyTo(new Span<byte>(*(byte**)(p + StableLayout.PacketData), data.Length));
        *(long*)(p + StableLayout.PacketPts) = unit.Sequence;
        *(int*)(p + StableLayout.PacketFlags) = unit.IsKeyframe ? StableLayout.PacketFlagKey : 0;
        _timestamps[unit.Sequence] = (unit.PtsNs, 0);
        var sent = AvCodecNative.SendPacket(_context, _packet);
        AvCodecNative.PacketUnref(_packet);
        var pictures = new List<VideoFrame>();
        if (sent < 0 && sent != AvUtilNative.ErrorAgain)
        {
            Rejected++;
            _timestamps.Remove(unit.Sequence);
            return pictures;
        }

        Drain(pictures);
        return pictures;
    }

    /// <summary>Signals the end of the stream and returns the pictures still held.</summary>
    public IReadOnlyList<VideoFrame> Flush()
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var pictures = new List<VideoFrame>();
        _ = AvCodecNative.SendPacket(_context, 0);
        Drain(pictures);
        return pictures;
    }

    /// <inheritdoc />
    public void Dispose() => NativeCleanup.Release(ref _context, ref _frame, ref _packet, ref _scaler);

    private void Drain(List<VideoFrame> pictures)
    {
        while (true)
        {
            var received = AvCodecNative.ReceiveFrame(_context, _frame);
            if (received == AvUtilNative.ErrorAgain || received == AvUtilNative.ErrorEof)
            {
                return;
            }

            if (received < 0)
            {
                Rejected++;
                return;
            }

            var sequence = *(long*)((byte*)_frame + StableLayout.FramePts);
            var buffer = NativePicture.ToI420(_frame, _width, _height, ref _scaler);
            AvUtilNative.FrameUnref(_frame);
            if (buffer is null)
            {
                Rejected++;
                continue;
            }

            _timestamps.Remove(sequence, out var stamp);
            pictures.Add(new VideoFrame(buffer, _width, _height, sequence, stamp.PtsNs, stamp.DurationNs));
        }
    }

    private void SetExtradata(nint codec, ReadOnlySpan<byte> extradata)
    {
        var parameters = AvCodecNative.ParametersAlloc();
        try
        {
            var p = (byte*)parameters;
            *(int*)(p + FormatLayout.CodecParametersType) = AvFormatNative.MediaTypeVideo;
            *(int*)(p + FormatLayout.CodecParametersCodecId) = *(int*)((byte*)codec + FormatLayout.CodecId);
            NativeCleanup.SetExtradata(parameters, extradata);
            _ = AvCodecNative.ParametersToContext(_context, parameters);
        }
        finally
        {
            AvCodecNative.ParametersFree(ref parameters); // frees the extradata copy too; the context holds its own
        }
    }
}
