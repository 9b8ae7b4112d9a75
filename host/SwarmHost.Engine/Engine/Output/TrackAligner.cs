using SwarmHost.Media;
using SwarmHost.Media.Tracks;

namespace SwarmHost.Engine.Output;

/// <summary>
/// Carries the source's audio and subtitles into the output beside the switched video. Each
/// packet is placed on the output timeline at the same distance from its anchor picture (see
/// <see cref="AnchoredPacket"/>) as in the source, wherever the combiner put that picture, and is
/// written once the video that covers it has been written — so neither runs ahead of the
/// held-back video and the muxer interleaves them. Neither is ever switched: one stream per track
/// whichever encoder leads. Coordinator thread only.
/// </summary>
/// <param name="source">Where the packets come from.</param>
/// <param name="sink">The output (its audio and subtitle streams were opened with the source's tracks).</param>
/// <param name="frameNs">The output's frame interval.</param>
internal sealed class TrackAligner(MediaSource source, MediaSink sink, long frameNs)
{
    /// <summary>A gap between a track's packets longer than this is counted (and, for an encoded track, filled with silence).</summary>
    public const long GapToleranceNs = 15_000_000;

    private readonly Queue<AnchoredPacket> _audio = new();
    private readonly Queue<AnchoredPacket> _subtitles = new();
    private readonly Dictionary<int, long> _trackEndNs = [];
    private long? _videoOffsetNs;
    private long _firstSequence = long.MaxValue;
    private long _coveredSequence = -1;

    /// <summary>Audio packets written, over all tracks.</summary>
    public long PacketsWritten { get; private set; }

    /// <summary>Milliseconds of audio written, summed over tracks.</summary>
    public double WrittenMs { get; private set; }

    /// <summary>Milliseconds of silence inserted into encoded tracks where the source's audio had a gap (a stalled live input), summed over tracks.</summary>
    public double SilenceInsertedMs { get; private set; }

    /// <summary>Milliseconds of gaps left in copied tracks (a copied track cannot be filled), summed over tracks.</summary>
    public double GapMs { get; private set; }

    /// <summary>Audio packets not written because they lie before the first or after the last picture of the output, or overlap the packet before.</summary>
    public long Trimmed { get; private set; }

    /// <summary>How each audio track is written, by track (<see cref="MediaSink.AudioTracks"/>).</summary>
    public IReadOnlyList<string> Tracks => sink.AudioTracks;

    /// <summary>Audio packets the source could not place against a picture.</summary>
    public long Unplaced => source.UnplacedAudioPackets;

    /// <summary>Packets of encoded audio tracks that did not decode.</summary>
    public long Damaged => sink.DamagedAudioPackets;

    /// <summary>How each subtitle track is carried or why not, by track (<see cref="MediaSink.SubtitleTracks"/>).</summary>
    public IReadOnlyList<string> SubtitleTracks => sink.SubtitleTracks;

    /// <summary>Subtitle packets written, over all tracks.</summary>
    public long SubtitlePacketsWritten { get; private set; }

    /// <summary>Subtitle packets not written: of a track the output does not carry, or before the first or after the last picture.</summary>
    public long SubtitlePacketsLeftOut { get; private set; }

    /// <summary>A picture unit of slot <paramref name="sequence"/> was written at <paramref name="ptsNs"/>.</summary>
    public void VideoWritten(long sequence, long ptsNs)
    {
        _videoOffsetNs ??= ptsNs - sequence * frameNs; // the combiner's constant offset between slot and presentation time
        _firstSequence = Math.Min(_firstSequence, sequence);
        _coveredSequence = Math.Max(_coveredSequence, sequence);
    }

    /// <summary>Writes every waiting packet the written video covers; at the end (<paramref name="final"/>) drops the rest.</summary>
    /// <exception cref="MediaOutputException">The output refused a packet.</exception>
    public void Advance(bool final)
    {
        while (source.TryReadAudio(out var packet))
        {
            _audio.Enqueue(packet);
        }

        while (source.TryReadSubtitle(out var packet))
        {
            _subtitles.Enqueue(packet);
        }

        if (_videoOffsetNs is null)
        {
            return;
        }

        Release(_audio, final, WriteAudio, () => Trimmed++);
        Release(_subtitles, final, WriteSubtitle, () => SubtitlePacketsLeftOut++);
    }

    /// <summary>Hands each packet of <paramref name="waiting"/> the written video covers to <paramref name="write"/> with its output time; one before the output's first picture, or (at the end) after its last, goes to <paramref name="leftOut"/>.</summary>
    private void Release(Queue<AnchoredPacket> waiting, bool final, Action<AnchoredPacket, long> write, Action leftOut)
    {
        var offset = _videoOffsetNs!.Value;
        var startNs = _firstSequence * frameNs + offset;
        var endNs = (_coveredSequence + 1) * frameNs + offset;
        while (waiting.TryPeek(out var packet))
        {
            var ptsNs = packet.AnchorSequence * frameNs + offset + packet.OffsetNs;
            if (ptsNs >= endNs && !final)
            {
                return;
            }

            waiting.Dequeue();
            if (ptsNs >= endNs || ptsNs + Math.Max(1, packet.DurationNs) <= startNs)
            {
                leftOut();
                continue;
            }

            write(packet, ptsNs);
        }
    }

    private void WriteAudio(AnchoredPacket packet, long ptsNs)
    {
        if (_trackEndNs.TryGetValue(packet.Track, out var end) && ptsNs < end - Math.Max(GapToleranceNs, packet.DurationNs / 2))
        {
            Trimmed++; // overlaps the packet before
            return;
        }

        if (_trackEndNs.TryGetValue(packet.Track, out end) && ptsNs - end > GapToleranceNs)
        {
            var gapMs = (ptsNs - end) / 1e6;
            if (sink.IsAudioEncoded(packet.Track))
            {
                SilenceInsertedMs += gapMs;
            }
            else
            {
                GapMs += gapMs;
            }
        }

        sink.WriteAudio(packet, ptsNs);
        _trackEndNs[packet.Track] = ptsNs + packet.DurationNs;
        PacketsWritten++;
        WrittenMs += packet.DurationNs / 1e6;
    }

    private void WriteSubtitle(AnchoredPacket packet, long ptsNs)
    {
        if (!sink.CarriesSubtitle(packet.Track))
        {
            SubtitlePacketsLeftOut++;
            return;
        }

        sink.WriteSubtitle(packet, ptsNs);
        SubtitlePacketsWritten++;
    }
}
