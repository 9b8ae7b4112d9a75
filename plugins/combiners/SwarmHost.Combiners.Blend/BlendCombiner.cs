using System.Buffers;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Combiners.Blend;

/// <summary>
/// Builds the output from decoded pictures: every encoder's units are decoded (any codec, any
/// size, scaled to the profile size), co-timed pictures are blended by weight, a slot no encoder
/// delivered is filled by motion-compensated interpolation, and the result is re-encoded with the
/// combiner's own output encoder.
/// </summary>
/// <remarks>
/// <para><b>Decode order.</b> Units arrive per slot in sequence (display) order; an encoder with
/// B-frames emits them in decode order. Each encoder's units wait in DTS order and unit q is fed
/// to its decoder once slots up to q + that encoder's <see cref="EncoderSession.DelayFrames"/>
/// have been seen (every unit decoding before q belongs to such a slot); at
/// <see cref="Flush"/> all are fed. Decoded pictures are kept by sequence number.</para>
/// <para><b>Latency.</b> Slot s is emitted once slots up to s + <see cref="HoldSlots"/> have been
/// seen, where HoldSlots = lookahead + the largest encoder delay + <see cref="ReorderSlack"/>
/// (pictures a decoder may hold back for reordering). The output then trails the input by
/// HoldSlots plus the output encoder's own delay; e.g. lookahead 3, x264 veryfast encoders
/// (delay ~13) and an x264 veryfast output encoder: about 20 + 13 frames. Slots are emitted in
/// order, each exactly once.</para>
/// <para><b>Blending.</b> Only encoders with a picture for the slot take part; their weights are
/// renormalised to sum 1 (equal shares when all are 0), so a missing, late or failed encoder's
/// weight goes to the others (<see cref="PictureBlender"/>). A picture that is decoded after its
/// slot was emitted is dropped.</para>
/// <para><b>Filling.</b> A slot with no picture at all is counted in
/// <see cref="CombinerOutput.InsertedFrames"/> and, with <see cref="InterpolationMode.Motion"/>,
/// interpolated (<see cref="MotionInterpolator"/>) between the last blended output picture and
/// the nearest later slot with pictures in the held window, at t = (s − earlier) / (later −
/// earlier), when the two are at most HoldSlots + 1 apart. Otherwise the previous output picture is
/// repeated; at the very start (no output yet) the next picture is used, and black when there
/// is none.</para>
/// <para><b>Output.</b> Picture s is encoded with sequence s, timestamp s × frame interval and
/// duration one interval, with a keyframe requested when s is a multiple of the GOP; the output
/// encoder's units carry sequence s, so the host's audit sees every slot once.
/// <see cref="CombinerOutput.Leader"/> is the largest-share contributor of the last slot emitted
/// by the call (<c>null</c> when that slot was filled, or nothing was emitted).</para>
/// <para>Called from one thread, as <see cref="IOutputCombiner"/> says. <see cref="Dispose"/>
/// releases every held picture and disposes the decoders and the output encoder, also after a
/// failed <see cref="Open"/>.</para>
/// </remarks>
public sealed partial class BlendCombiner : IEncodingCombiner
{
    /// <summary>Slots added to the hold for pictures a decoder keeps back to reorder them.</summary>
    public const int ReorderSlack = 4;

    private readonly BlendSettings _settings;
    private readonly ComponentContext _context;
    private readonly Dictionary<string, EncoderFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<long, BlendSlot> _slots = [];
    private readonly HashSet<string> _reportedBroken = new(StringComparer.Ordinal);
    private IVideoEncoder? _output;
    private EncoderSession? _outputSession;
    private MotionInterpolator? _interpolator;
    private OutputProfile? _profile;
    private long _frameNs;
    private long _nextEmit;
    private long _lastSeen = -1;
    private VideoFrame? _lastOutput;
    private VideoFrame? _anchor;
    private bool _flushed;
    private bool _disposed;

    /// <summary>Creates an unopened combiner.</summary>
    /// <param name="settings">Output encoder, lookahead, interpolation mode and flow scale.</param>
    /// <param name="context">The instance's id and logger, and the activator that creates the output encoder.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public BlendCombiner(BlendSettings settings, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        settings.Validate();
        _settings = settings;
        _context = context;
    }

    /// <inheritdoc />
    public EncoderSession OutputSession => _outputSession ?? throw new InvalidOperationException("The blend combiner's output session is known once Open returned; call Open first.");

    /// <summary>Slots held beyond the slot being emitted: lookahead + the largest encoder delay + <see cref="ReorderSlack"/>. Valid after <see cref="Open"/>.</summary>
    public int HoldSlots { get; private set; }

    /// <summary>
    /// Creates and opens the output encoder (the <c>encoder</c> option, or the profile codec's
    /// default), checks that it writes the profile's codec at the profile's size, and opens one
    /// decoder per encoder session, scaled to the profile size.
    /// </summary>
    /// <exception cref="InvalidOperationException">The output encoder cannot be created or opened, writes another codec or size, or an encoder's codec cannot be decoded; the message says what to change.</exception>
    /// <exception cref="ArgumentException">No encoder sessions.</exception>
    public void Open(OutputProfile profile, IReadOnlyDictionary<string, EncoderSession> encoders)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(encoders);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_output is not null)
        {
            throw new InvalidOperationException("The blend combiner is already open; create a new instance for another run.");
        }

        if (encoders.Count == 0)
        {
            throw new ArgumentException("The blend combiner needs the session of at least one open encoder to decode.", nameof(encoders));
        }

        var spec = _settings.OutputEncoder(profile);
        var outputId = _context.InstanceId + "/output";
        try
        {
            _output = _context.Components.CreateEncoder(spec, outputId);
        }
        catch (KeyNotFoundException ex)
        {
            throw new InvalidOperationException($"The blend combiner's output encoder '{spec.Plugin}' is not available: {ex.Message}", ex);
        }

        var session = _output.Open(profile);
        var family = FFmpegLibraries.CodecOf(session.Codec);
        if (family != profile.Codec && session.Codec != profile.Codec)
        {
            throw new InvalidOperationException($"The blend combiner's output encoder ('{spec.Plugin}', codec {session.Codec}) writes {(family.Length > 0 ? family : "an unknown codec")}, but the profile's codec is {profile.Codec}; give the 'encoder' option an encoder of {profile.Codec}, or leave it out for the default.");
        }

        if (session.Width != profile.Width || session.Height != profile.Height)
        {
            throw new InvalidOperationException($"The blend combiner's output encoder encodes at {session.Width}x{session.Height}, but the output has the profile size {profile.Width}x{profile.Height}; remove width/height from the 'encoder' option's options.");
        }

        foreach (var (id, encoder) in encoders)
        {
            FFmpegVideoDecoder decoder;
            try
            {
                decoder = new FFmpegVideoDecoder(encoder, profile.Width, profile.Height);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException($"Encoder '{id}' ({encoder.Codec}): {ex.Message} The blend combiner decodes every encoder's output; give that encoder a codec this FFmpeg can decode.", ex);
            }

            _feeds[id] = new EncoderFeed(id, encoder, decoder);
        }

        if (_settings.Interpolation == InterpolationMode.Motion)
        {
            _interpolator = new MotionInterpolator(_settings.FlowScale);
        }

        HoldSlots = _settings.Lookahead + encoders.Values.Max(s => s.DelayFrames) + ReorderSlack;
        _frameNs = profile.FrameRate.PeriodNanoseconds();
        _outputSession = session;
        _profile = profile;
        LogOpened(_context.Logger, session.Codec, session.DelayFrames, HoldSlots, _settings.Interpolation);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Called before <see cref="Open"/>, after <see cref="Flush"/>, or with a slot out of order; or the output encoder failed.</exception>
    public CombinerOutput Combine(CombinerSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_profile is null || _flushed)
        {
            throw new InvalidOperationException(_flushed ? "Combine was called after Flush; a combiner serves one stream." : "Call Open before Combine.");
        }

        if (_lastSeen < 0)
        {
            _nextEmit = slot.Sequence;
        }
        else if (slot.Sequence != _lastSeen + 1)
        {
            throw new InvalidOperationException($"Slot {slot.Sequence} came after slot {_lastSeen}; slots must arrive in sequence order without gaps.");
        }

        _slots[slot.Sequence] = new BlendSlot(slot.Sequence, new Dictionary<string, double>(slot.Weights, StringComparer.Ordinal));
        _lastSeen = slot.Sequence;
        foreach (var (id, unit) in slot.Units)
        {
            if (_feeds.TryGetValue(id, out var feed))
            {
                feed.Add(unit);
            }
        }

        foreach (var feed in _feeds.Values)
        {
            Keep(feed, feed.FeedReady(_lastSeen));
        }

        return Emit(_lastSeen - HoldSlots);
    }

    /// <inheritdoc />
    /// <remarks>Feeds every waiting unit, drains the decoders, emits every slot still held and drains the output encoder.</remarks>
    public CombinerOutput Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_profile is null || _flushed)
        {
            return CombinerOutput.Nothing;
        }

        _flushed = true;
        foreach (var feed in _feeds.Values)
        {
            Keep(feed, feed.Drain());
        }

        var emitted = Emit(_lastSeen);
        return new CombinerOutput([.. emitted.Units, .. _output!.Flush()], emitted.InsertedFrames, emitted.Leader);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            foreach (var slot in _slots.Values)
            {
                slot.Release();
            }

            _slots.Clear();
            _lastOutput?.Release();
            _anchor?.Release();
            _lastOutput = _anchor = null;
            foreach (var feed in _feeds.Values)
            {
                feed.Dispose();
            }

            _feeds.Clear();
            _interpolator?.Dispose();
        }
        finally
        {
            _output?.Dispose();
        }
    }

    /// <summary>Files decoded pictures under their slots; a picture whose slot is gone (already emitted) or taken is released.</summary>
    private void Keep(EncoderFeed feed, List<VideoFrame> pictures)
    {
        foreach (var picture in pictures)
        {
            if (picture.Sequence >= _nextEmit && _slots.TryGetValue(picture.Sequence, out var slot) && slot.Pictures.TryAdd(feed.Id, picture))
            {
                continue;
            }

            picture.Release();
        }

        if (feed.Broken is { } why && _reportedBroken.Add(feed.Id))
        {
            LogDecoderFailed(_context.Logger, feed.Id, why);
        }
    }

    private CombinerOutput Emit(long upTo)
    {
        var units = new List<EncodedUnit>();
        var inserted = 0;
        string? leader = null;
        while (_nextEmit <= upTo && _slots.Remove(_nextEmit, out var slot))
        {
            try
            {
                VideoFrame picture;
                if (BlendOf(slot) is not null)
                {
                    picture = slot.TakeBlend();
                    leader = slot.Leader;
                    _anchor?.Release();
                    _anchor = picture.Retain();
                }
                else
                {
                    picture = Fill(slot.Sequence);
                    leader = null;
                    inserted++;
                }

                _lastOutput?.Release();
                _lastOutput = picture;
                units.AddRange(_output!.Encode(picture, slot.Sequence % _profile!.Gop == 0));
            }
            finally
            {
                slot.Release();
            }

            _nextEmit++;
        }

        return new CombinerOutput(units, inserted, leader);
    }

    /// <summary>The slot's blend of the pictures it has (made, or remade when more arrived), or <c>null</c> when it has none.</summary>
    private VideoFrame? BlendOf(BlendSlot slot)
    {
        if (slot.Pictures.Count == 0)
        {
            return null;
        }

        if (slot.Blend is { } made && slot.BlendedFrom == slot.Pictures.Count)
        {
            return made;
        }

        var shares = PictureBlender.Shares(slot.Weights, slot.Pictures.Keys);
        var blend = PictureBlender.Blend([.. shares.Select(s => (slot.Pictures[s.Key], s.Value))], slot.Sequence, slot.Sequence * _frameNs, _frameNs);
        var leader = shares.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
        slot.SetBlend(blend, slot.Pictures.Count, leader);
        return blend;
    }

    /// <summary>A picture for slot <paramref name="sequence"/>, which no encoder delivered (see the class remarks).</summary>
    private VideoFrame Fill(long sequence)
    {
        var timestamp = sequence * _frameNs;
        var later = Later(sequence);
        if (_interpolator is not null && _anchor is { } before && later is not null && later.Sequence - before.Sequence <= HoldSlots + 1)
        {
            var t = (sequence - before.Sequence) / (double)(later.Sequence - before.Sequence);
            return _interpolator.Interpolate(before, later.Blend!, t, sequence, timestamp, _frameNs);
        }

        if ((_lastOutput ?? later?.Blend) is { } source)
        {
            return Copy(source, sequence, timestamp);
        }

        return Black(sequence, timestamp);
    }

    /// <summary>The nearest held slot after <paramref name="sequence"/> that has pictures (its blend made), or <c>null</c>.</summary>
    private BlendSlot? Later(long sequence)
    {
        for (var s = sequence + 1; s <= _lastSeen; s++)
        {
            if (_slots.TryGetValue(s, out var slot) && BlendOf(slot) is not null)
            {
                return slot;
            }
        }

        return null;
    }

    private VideoFrame Copy(VideoFrame source, long sequence, long timestamp)
    {
        var size = VideoFrame.BufferSize(source.Width, source.Height);
        var owner = MemoryPool<byte>.Shared.Rent(size);
        source.Planes.Span.CopyTo(owner.Memory.Span);
        return new VideoFrame(owner, source.Width, source.Height, sequence, timestamp, _frameNs);
    }

    private VideoFrame Black(long sequence, long timestamp)
    {
        var (width, height) = (_profile!.Width, _profile.Height);
        var owner = MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(width, height));
        var span = owner.Memory.Span;
        span[..(width * height)].Fill(16);
        span[(width * height)..VideoFrame.BufferSize(width, height)].Fill(128);
        return new VideoFrame(owner, width, height, sequence, timestamp, _frameNs);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blend combiner open: output {Codec} (delay {Delay} frames), holding {Hold} slots, filling by {Interpolation}")]
    private static partial void LogOpened(ILogger logger, string codec, int delay, int hold, InterpolationMode interpolation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoder {Encoder} no longer contributes to the blend: {Reason}")]
    private static partial void LogDecoderFailed(ILogger logger, string encoder, string reason);
}
