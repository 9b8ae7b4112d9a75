using System.Collections.Concurrent;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Tracks;

/// <summary>
/// Places a source's audio or subtitle packets against its pictures as they are read (one
/// instance per kind): each packet is
/// anchored to the picture delivered last from the same opening of the input (its sequence number
/// and source time), so it keeps its distance from the video however the swarm numbers and times
/// the pictures — repeats inserted during a stall included. Packets read before the first picture
/// of an opening wait for it. Reader thread only; packets go to a queue any thread may drain.
/// </summary>
internal sealed class PacketAnchoring(ConcurrentQueue<AnchoredPacket> queue, int tracks)
{
    /// <summary>Packets kept while no picture has been delivered yet (about 20 s of AAC); older ones are dropped.</summary>
    private const int PendingLimit = 1000;

    /// <summary>A packet that starts this far from where the track's previous one ended is on a new timeline (a sender restarted, a stream spliced), or follows a pause between subtitles: it waits for the next picture to be placed.</summary>
    private const long JumpNs = 250_000_000;

    private readonly List<(int Track, byte[] Data, long StartNs, long DurationNs)> _pending = [];
    private readonly long[] _nextNs = [.. Enumerable.Repeat(AvUtilNative.NoPts, tracks)];
    private (long Sequence, long SourceNs)? _anchor;
    private volatile bool _ignored;

    /// <summary>Packets that could not be placed (no timestamp before the first timed one, or a wait for the first picture that outran its limit).</summary>
    public long Dropped { get; private set; }

    /// <summary>One audio packet read (source ns; start <see cref="AvUtilNative.NoPts"/> when the packet has none).</summary>
    public void Received(int track, byte[] data, long startNs, long durationNs)
    {
        if (track >= tracks || _ignored)
        {
            return; // ignored, or a reopened input with more audio streams than the first opening had: the output has no stream for them
        }

        if (startNs == AvUtilNative.NoPts)
        {
            startNs = _nextNs[track];
            if (startNs == AvUtilNative.NoPts)
            {
                Dropped++;
                return;
            }
        }

        if (_nextNs[track] != AvUtilNative.NoPts && Math.Abs(startNs - _nextNs[track]) > JumpNs)
        {
            _anchor = null; // the picture delivered last is on the old timeline
        }

        _nextNs[track] = startNs + durationNs;
        if (_anchor is { } anchor)
        {
            queue.Enqueue(new AnchoredPacket(track, data, anchor.Sequence, startNs - anchor.SourceNs, durationNs));
            return;
        }

        _pending.Add((track, data, startNs, durationNs));
        if (_pending.Count > PendingLimit)
        {
            _pending.RemoveAt(0);
            Dropped++;
        }
    }

    /// <summary>From now on packets are dropped: nobody reads them. Any thread.</summary>
    public void Ignore() => _ignored = true;

    /// <summary>A picture was delivered: later packets are placed against it; those waiting for the opening's first picture too.</summary>
    public void PictureDelivered(long sequence, long sourceNs)
    {
        _anchor = (sequence, sourceNs);
        foreach (var (track, data, startNs, durationNs) in _pending)
        {
            queue.Enqueue(new AnchoredPacket(track, data, sequence, startNs - sourceNs, durationNs));
        }

        _pending.Clear();
    }

    /// <summary>A picture before the input's start was dropped: the audio that ends before it goes too.</summary>
    public void PictureSkipped(long sourceNs) => _pending.RemoveAll(p => p.StartNs + p.DurationNs <= sourceNs);

    /// <summary>The input was opened again (a reconnect): its timestamps may start anywhere, so packets wait for its first picture.</summary>
    public void Reopened()
    {
        _anchor = null;
        _pending.Clear();
        Array.Fill(_nextNs, AvUtilNative.NoPts);
    }
}
