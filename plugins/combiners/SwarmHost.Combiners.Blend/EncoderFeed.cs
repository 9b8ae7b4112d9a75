using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Combiners.Blend;

/// <summary>
/// One swarm encoder as the blend combiner sees it: its decoder and the units waiting to be fed
/// to it in decode order.
/// </summary>
/// <remarks>
/// Units reach the combiner in sequence (display) order, one per slot, but must reach the decoder
/// in decode (DTS) order. Every unit that decodes before unit q belongs to a slot at most
/// q + <see cref="EncoderSession.DelayFrames"/>, so once the combiner has seen that slot, every
/// such unit has arrived (or never will), and the waiting unit with the lowest DTS can be fed.
/// One thread at a time.
/// </remarks>
internal sealed class EncoderFeed(string id, EncoderSession session, FFmpegVideoDecoder decoder) : IDisposable
{
    private readonly PriorityQueue<EncodedUnit, (long Dts, long Sequence)> _waiting = new();

    /// <summary>The encoder instance id.</summary>
    public string Id { get; } = id;

    /// <summary>The encoder's session (codec, size, delay).</summary>
    public EncoderSession Session { get; } = session;

    /// <summary>Set when the decoder threw: the encoder's units are ignored from then on.</summary>
    public string? Broken { get; private set; }

    /// <summary>Units waiting for their decode turn.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Queues one unit.</summary>
    public void Add(EncodedUnit unit)
    {
        if (Broken is null)
        {
            _waiting.Enqueue(unit, (unit.DtsNs, unit.Sequence));
        }
    }

    /// <summary>Feeds, in DTS order, every waiting unit whose predecessors in decode order have all had their slot (slots up to <paramref name="seenUpTo"/> were seen); all of them when <paramref name="seenUpTo"/> is <see cref="long.MaxValue"/>.</summary>
    /// <returns>The pictures that came out (the caller owns them), in display order.</returns>
    public List<VideoFrame> FeedReady(long seenUpTo)
    {
        var pictures = new List<VideoFrame>();
        while (Broken is null && _waiting.TryPeek(out var unit, out _) && (seenUpTo == long.MaxValue || unit.Sequence + Session.DelayFrames <= seenUpTo))
        {
            _waiting.Dequeue();
            Run(() => decoder.Decode(unit), pictures, $"decoding its unit of slot {unit.Sequence}");
        }

        return pictures;
    }

    /// <summary>Feeds every waiting unit, then drains the decoder (end of stream).</summary>
    /// <returns>The pictures that came out (the caller owns them).</returns>
    public List<VideoFrame> Drain()
    {
        var pictures = FeedReady(long.MaxValue);
        if (Broken is null)
        {
            Run(decoder.Flush, pictures, "flushing its decoder");
        }

        return pictures;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _waiting.Clear();
        decoder.Dispose();
    }

    private void Run(Func<IReadOnlyList<VideoFrame>> step, List<VideoFrame> pictures, string what)
    {
        try
        {
            pictures.AddRange(step());
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // contain a decoder failure: this encoder stops contributing, the others carry the output
            Broken = $"{what} failed: {ex.Message}";
            _waiting.Clear();
        }
    }
}
