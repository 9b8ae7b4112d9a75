using System.Buffers;
using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Slots;
using SwarmHost.Media;

namespace SwarmHost.Engine.Intake;

/// <summary>
/// The swarm's intake, on a thread of its own: reads the source (already stamped with a sequence
/// number and the clock's time by <see cref="SlotNumbering"/>), analyses each frame, opens its slot
/// and offers it to every live encoder. As fast as possible a full queue holds it back
/// (back-pressure); live, an encoder holding more than its budget refuses the frame, which is its
/// miss. A stalled live input is filled by repeating the last picture at the frame rate (counted
/// in <see cref="Inserted"/>). When the input ends, every encoder is told (<see cref="EncoderRoster.CompleteAll"/>).
/// </summary>
/// <param name="source">The input.</param>
/// <param name="analyzers">The content analyzers.</param>
/// <param name="roster">The encoders.</param>
/// <param name="slots">Where each frame's slot is opened.</param>
/// <param name="numbering">The sequence numbers.</param>
/// <param name="events">The run's events.</param>
/// <param name="frameTicks">The frame interval (Stopwatch ticks).</param>
/// <param name="holdSources">Whether each slot holds its source frame for the output quality meter.</param>
internal sealed class FrameIntake(MediaSource source, AnalyzerStage analyzers, EncoderRoster roster, SlotBook slots, SlotNumbering numbering, EventLog events, long frameTicks, bool holdSources)
{
    private long _framesIn;
    private long _fed;
    private long _inserted;
    private volatile string? _failure;
    private volatile string? _inputFailure;

    /// <summary>Source frames that entered the swarm.</summary>
    public long FramesIn => Interlocked.Read(ref _framesIn);

    /// <summary>Slots opened: source frames and repeats (frames stamped but never fed because of a stop are not slots).</summary>
    public long Fed => Interlocked.Read(ref _fed);

    /// <summary>Repeats that filled a stalled live input.</summary>
    public long Inserted => Interlocked.Read(ref _inserted);

    /// <summary>Why reading or analysing failed (an analyzer or the clock threw), or <c>null</c>: the run has failed.</summary>
    public string? Failure => _failure;

    /// <summary>Why the input failed mid-run, or <c>null</c>: the frames already in the swarm are still finished and written.</summary>
    public string? InputFailure => _inputFailure;

    /// <summary>Reads until the input ends, <paramref name="stop"/> is requested or <paramref name="halted"/> says the run failed.</summary>
    public void Run(Func<bool> halted, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(halted);
        VideoFrame? previous = null;
        var lastFed = Stopwatch.GetTimestamp();
        var stalled = false;
        try
        {
            while (!stop.IsCancellationRequested && !halted() && _failure is null)
            {
                SourceRead read;
                try
                {
                    read = source.ReadAsync(stop).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (read.Kind == SourceReadKind.Ended)
                {
                    break;
                }

                if (read.Kind == SourceReadKind.Stalled)
                {
                    if (!stalled)
                    {
                        stalled = true;
                        events.Write(new InputStalledEvent(Math.Round(read.StalledFor.TotalMilliseconds)) { Sequence = numbering.Next });
                    }

                    previous = FillStall(previous, ref lastFed, stop);
                    continue;
                }

                if (stalled)
                {
                    stalled = false;
                    events.Write(new InputResumedEvent { Sequence = read.Frame!.Sequence });
                }

                var frame = read.Frame!;
                numbering.SourceFrameRead();
                if (!FeedOne(frame, previous, stop))
                {
                    frame.Release();
                    break; // stopped while offering it: it never entered the swarm
                }

                Interlocked.Increment(ref _framesIn);
                previous?.Release();
                previous = frame;
                lastFed = Stopwatch.GetTimestamp();
            }
        }
        catch (MediaInputException ex)
        {
            events.Write(new InputFailedEvent(ex.Message));
            _inputFailure = "the input failed: " + ex.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // an analyzer or the clock threw: end the run cleanly rather than take the process down
            events.Write(new RunFailedEvent(ex.Message));
            _failure = $"reading and analysing frames failed: {ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            previous?.Release();
            roster.CompleteAll();
        }
    }

    /// <summary>Keeps the output's cadence through a stall: repeats the last picture for every frame interval that passed.</summary>
    /// <returns>The last frame fed (the latest repeat, or <paramref name="previous"/>).</returns>
    private VideoFrame? FillStall(VideoFrame? previous, ref long lastFed, CancellationToken stop)
    {
        while (previous is not null && Stopwatch.GetElapsedTime(lastFed) >= TimeSpan.FromTicks(frameTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency))
        {
            if (Repeat(previous) is not { } repeat)
            {
                break; // a real frame is on its way (already numbered): no repeat may take a number after it
            }

            if (!FeedOne(repeat, previous, stop))
            {
                repeat.Release();
                break;
            }

            Interlocked.Increment(ref _inserted);
            previous.Release();
            previous = repeat;
            lastFed += frameTicks;
        }

        return previous;
    }

    /// <summary>A copy of <paramref name="last"/> with the next sequence number, or <c>null</c> when the reader has numbered a frame the intake has not read yet.</summary>
    private VideoFrame? Repeat(VideoFrame last)
    {
        if (numbering.TryNumberRepeat() is not { } sequence)
        {
            return null;
        }

        var buffer = MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(last.Width, last.Height));
        last.Planes.Span.CopyTo(buffer.Memory.Span);
        return new VideoFrame(buffer, last.Width, last.Height, sequence, last.TimestampNs + last.DurationNs, last.DurationNs);
    }

    /// <summary>Analyses a frame, opens its slot and offers it to every live encoder.</summary>
    /// <returns>Whether it entered the swarm: false when a stop came before any encoder took it (its slot is then withdrawn).</returns>
    private bool FeedOne(VideoFrame frame, VideoFrame? previous, CancellationToken stop)
    {
        var content = analyzers.Analyze(frame, previous);
        if (Fed == 0 && double.IsNaN(content.Get(ContentMetrics.Complexity)))
        {
            events.Write(new ContentWarningEvent($"no analyzer reports '{ContentMetrics.Complexity}'; weighting sees complexity 0. Add the 'complexity' analyzer to the manifest's analyzers.") { Sequence = frame.Sequence });
        }

        var expected = roster.Expected(frame.Sequence);
        slots.Open(new Slot(frame.Sequence, frame.TimestampNs, Stopwatch.GetTimestamp(), [.. expected], content) { Source = holdSources ? frame.Retain() : null });
        Interlocked.Increment(ref _fed);
        var taken = 0;
        foreach (var worker in expected)
        {
            if (worker.Offer(frame, stop))
            {
                taken++;
                continue;
            }

            slots.Update(frame.Sequence, slot =>
            {
                if (worker.LiveQueueLimit > 0 && !worker.Abandoned && !stop.IsCancellationRequested)
                {
                    slot.Problems[worker.Id] = $"too far behind: {worker.QueueDepth} frames waiting, more than the latency budget allows"; // live: refused at once, a miss
                }
                else
                {
                    slot.Expected.Remove(worker); // it failed meanwhile (or a stop came); the slot may even be closed already
                }
            });
        }

        if (taken == 0 && stop.IsCancellationRequested)
        {
            slots.Withdraw(frame.Sequence);
            Interlocked.Decrement(ref _fed);
            return false;
        }

        return true;
    }
}
