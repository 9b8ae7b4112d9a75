using System.Buffers;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Media;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// Feeds a node's lane, permission by permission: for each sequence number the coordinator grants
/// (in order, from the lane's start), the node's own picture that the coordinator's epoch gives that
/// number, stamped with the coordinator's timestamp. A granted repeat (the coordinator's input
/// stalled) repeats the picture before, as the coordinator did; a picture the node never got (its
/// copy of the stream lost it, or came after it: a node joins a live stream later than the
/// coordinator) is filled the same way — with the node's first picture when it has none before —
/// and counted; pictures before the start, or numbered twice, are dropped. Each picture fed is
/// reported to the coordinator (<see cref="LaneWireKind.Arrival"/>): filled, or the node clock's
/// time it arrived.
/// </summary>
/// <param name="start">The lane's start.</param>
/// <param name="lane">The node's process lane.</param>
/// <param name="credit">The coordinator's grants and epochs.</param>
/// <param name="clock">The node's clock: the arrival times are its.</param>
/// <param name="send">Sends a message to the coordinator: <see cref="LaneWireKind.Arrival"/>, and <see cref="LaneWireKind.SourceEnd"/> to end its relay when the source stalled before the last frame.</param>
/// <param name="log">The node's log.</param>
internal sealed class NodeFeed(RemoteLaneStart start, ProcessLane lane, LaneCredit credit, IClock clock, Action<LaneWireKind, Action<BinaryWriter>?> send, Action<string> log)
{
    private const int StallsAfterEnd = 3;
    private int _stallsAfterEnd = -1;
    private VideoFrame? _previous;
    private VideoFrame? _pending;
    private long _pendingArrivalNs;
    private long _arrivalNs;
    private long _filled;

    /// <summary>
    /// Opens the source with <paramref name="options"/> and feeds the lane until the coordinator's
    /// last picture, the end of the source, or the link's close; then completes the lane at once
    /// and tells the coordinator its relay may end — before the source is closed, whose reader may
    /// still wait on the relay's stream.
    /// </summary>
    public void Run(MediaSourceOptions options)
    {
        MediaSource? source = null;
        try
        {
            source = MediaSource.Open(options with { StampAtSourceTime = (index, sourceNs) => new FrameStamp(index, sourceNs) });
            for (var sequence = start.StartSequence; credit.WaitFor(sequence, out var stamp, out var repeat); sequence++)
            {
                var picture = repeat ? null : Picture(source, sequence);
                if (!repeat)
                {
                    _filled += picture is null ? 1 : 0;
                    Report(sequence, picture is null, stamp);
                }

                var frame = picture ?? _previous ?? _pending; // before this node's first picture (it joined a live stream later than the coordinator), the first one it has
                if (frame is null)
                {
                    continue; // no picture at all (the stream ended): the lane misses this slot
                }

                using var stamped = Stamped(frame, sequence, stamp);
                if (!lane.Offer(stamped.Frame, credit.Token))
                {
                    break; // the link closed
                }

                if (picture is not null)
                {
                    _previous?.Release();
                    _previous = picture;
                }
            }
        }
        catch (Exception ex) when (ex is MediaInputException or OperationCanceledException or InvalidDataException)
        {
            log($"lane {start.EncoderId}: the source stopped: {ex.Message}");
        }
        finally
        {
            _previous?.Release();
            _pending?.Release();
            lane.Complete(); // the encoder flushes what its delay holds now, not once the source has closed
            send(LaneWireKind.SourceEnd, null); // nothing more is read here
            source?.Dispose();
        }

        if (_filled > 0)
        {
            log($"lane {start.EncoderId}: {_filled} picture(s) never arrived at this node and were filled with the picture before");
        }
    }

    /// <summary>The node's picture numbered <paramref name="sequence"/>, or <c>null</c> when the stream skips it (or ended).</summary>
    private VideoFrame? Picture(MediaSource source, long sequence)
    {
        var epoch = credit.EpochAt(sequence) ?? throw new InvalidDataException($"the coordinator granted frame {sequence} before sending the epoch that numbers it");
        while (true)
        {
            if (_pending is null)
            {
                var read = source.ReadAsync(credit.Token).AsTask().GetAwaiter().GetResult();
                if (read.Kind == SourceReadKind.Ended)
                {
                    return null;
                }

                if (read.Frame is not { } frame)
                {
                    if (!credit.LastIsAtOrAfter(sequence))
                    {
                        continue; // stalled mid-run: wait on, until the link closes
                    }

                    if (_stallsAfterEnd < 0)
                    {
                        send(LaneWireKind.SourceEnd, null); // the coordinator's source has ended: the pictures the decoder holds back come out once the stream ends
                    }

                    if (++_stallsAfterEnd > StallsAfterEnd)
                    {
                        return null; // nothing more will come
                    }

                    continue;
                }

                _pending = frame;
                _pendingArrivalNs = clock.NowNs();
            }

            var number = epoch.Number(_pending.TimestampNs);
            if (number < sequence)
            {
                _pending.Release(); // before the lane's start, or a picture this epoch does not cover
                _pending = null;
                continue;
            }

            if (number > sequence)
            {
                return null; // this node's stream lacks the picture; the next one waits for its own number
            }

            var found = _pending;
            _pending = null;
            _arrivalNs = _pendingArrivalNs;
            return found;
        }
    }

    /// <summary>Tells the coordinator that the picture numbered <paramref name="sequence"/> is fed: filled, or when it arrived here.</summary>
    private void Report(long sequence, bool filled, long stampNs) => send(LaneWireKind.Arrival, w =>
    {
        w.Write(sequence);
        w.Write(filled);
        w.Write(filled ? 0 : _arrivalNs);
        w.Write(stampNs);
    });

    /// <summary>A copy of <paramref name="picture"/> under the coordinator's number and timestamp.</summary>
    private static StampedFrame Stamped(VideoFrame picture, long sequence, long stampNs)
    {
        var buffer = MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(picture.Width, picture.Height));
        picture.Planes.Span.CopyTo(buffer.Memory.Span);
        return new StampedFrame(new VideoFrame(buffer, picture.Width, picture.Height, sequence, stampNs, picture.DurationNs));
    }

    /// <summary>Releases the copy once the lane has taken what it needs.</summary>
    private readonly record struct StampedFrame(VideoFrame Frame) : IDisposable
    {
        public void Dispose() => Frame.Release();
    }
}
