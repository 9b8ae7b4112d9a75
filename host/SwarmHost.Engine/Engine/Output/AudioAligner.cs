using SwarmHost.Media;
using SwarmHost.Media.Audio;

namespace SwarmHost.Engine.Output;

/// <summary>
/// Carries the source's audio into the output beside the switched video. Each packet is placed
/// on the output timeline at the same distance from its anchor picture (see
/// <see cref="AudioPacket"/>) as in the source, wherever the combiner put that picture, and is
/// written once the video that covers it has been written — so audio never runs ahead of the
/// held-back video and the muxer interleaves the two. Audio is never switched: one stream per
/// track whichever encoder leads. Coordinator thread only.
/// </summary>
/// <param name="source">Where the packets come from.</param>
/// <param name="sink">The output (its audio streams were opened with the source's tracks).</param>
/// <param name="frameNs">The output's frame interval.</param>
internal sealed class AudioAligner(MediaSource source, MediaSink sink, long frameNs)
{
    /// <summary>A gap between a track's packets longer than this is counted (and, for an encoded track, filled with silence).</summary>
    public const long GapToleranceNs = 15_000_000;

    private readonly Queue<AudioPacket> _waiting = new();
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

    /// <summary>Packets not written because they lie before the first or after the last picture of the output, or overlap the packet before.</summary>
    public long Trimmed { get; private set; }

    /// <summary>How each track is written, by track (<see cref="MediaSink.AudioTracks"/>).</summary>
    public IReadOnlyList<string> Tracks => sink.AudioTracks;

    /// <summary>Packets the source could not place against a picture.</summary>
    public long Unplaced => source.UnplacedAudioPackets;

    /// <summary>Packets of encoded tracks that did not decode.</summary>
    public long Damaged => sink.DamagedAudioPackets;

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
            _waiting.Enqueue(packet);
        }

        if (_videoOffsetNs is not { } offset)
        {
            return;
        }

        var startNs = _firstSequence * frameNs + offset;
        var endNs = (_coveredSequence + 1) * frameNs + offset;
        while (_waiting.TryPeek(out var packet))
        {
            var ptsNs = packet.AnchorSequence * frameNs + offset + packet.OffsetNs;
            if (ptsNs >= endNs)
            {
                if (!final)
                {
                    return;
                }

                Trimmed += _waiting.Count;
                _waiting.Clear();
                return;
            }

            _waiting.Dequeue();
            if (ptsNs + packet.DurationNs <= startNs || _trackEndNs.TryGetValue(packet.Track, out var end) && ptsNs < end - Math.Max(GapToleranceNs, packet.DurationNs / 2))
            {
                Trimmed++;
                continue;
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
    }
}
