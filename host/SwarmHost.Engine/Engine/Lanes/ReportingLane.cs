using SwarmHost.Weighting;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// What a lane whose encoder runs out of this process (a child process, a cluster node) knows of
/// its calls: only what the encoder's side reports (each call's start and end, in a
/// <see cref="LaneCallTimes"/>). Its queue is the frames offered less the calls reported; the
/// intake waits for room in it on a file input and is refused at a live queue's limit. The
/// figures the engine reads are these reports, the same way for both kinds of lane.
/// </summary>
internal abstract class ReportingLane
{
    private long _offered;

    /// <summary>The calls as the encoder's side reported them.</summary>
    protected LaneCallTimes CallTimes { get; } = new();

    /// <summary>Whether the lane was abandoned (it takes no more frames).</summary>
    protected abstract bool IsAbandoned { get; }

    /// <inheritdoc cref="IEncoderLane.State" />
    public EncoderState State { get; set; } = EncoderState.Joining;

    /// <inheritdoc cref="IEncoderLane.CurrentSequence" />
    public long CurrentSequence => CallTimes.CurrentSequence;

    /// <inheritdoc cref="IEncoderLane.ObservedSequence" />
    public long ObservedSequence { get; set; } = -1;

    /// <inheritdoc cref="IEncoderLane.LastProgressTicks" />
    public long LastProgressTicks => CallTimes.LastProgressTicks;

    /// <inheritdoc cref="IEncoderLane.QueueDepth" />
    public int QueueDepth => (int)(Interlocked.Read(ref _offered) - CallTimes.Calls);

    /// <inheritdoc cref="IEncoderLane.LiveQueueLimit" />
    public int LiveQueueLimit { get; set; }

    /// <inheritdoc cref="IEncoderLane.Calls" />
    public long Calls => CallTimes.Calls;

    /// <inheritdoc cref="IEncoderLane.QualityMs" />
    public double QualityMs => CallTimes.QualityMs;

    /// <inheritdoc cref="IEncoderLane.RecentCalls" />
    public int RecentCalls => CallTimes.RecentCalls;

    /// <inheritdoc cref="IEncoderLane.RecentMeanMs" />
    public double RecentMeanMs => CallTimes.RecentMeanMs;

    /// <inheritdoc cref="IEncoderLane.RecentLongestMs" />
    public double RecentLongestMs => CallTimes.RecentLongestMs;

    /// <inheritdoc cref="IEncoderLane.TakeCallMs" />
    public double TakeCallMs(long sequence) => CallTimes.Take(sequence);

    /// <summary>
    /// Waits until the lane may take one more frame: at once with a live queue limit (<c>false</c>
    /// when the queue is at it: a miss, not a wait), else until fewer than <paramref name="capacity"/>
    /// frames are queued; <c>false</c> when the lane is abandoned or <paramref name="cancellationToken"/> is cancelled.
    /// A frame taken is counted with <see cref="CountOffered"/>.
    /// </summary>
    protected bool WaitForRoom(int capacity, CancellationToken cancellationToken)
    {
        if (IsAbandoned || (LiveQueueLimit > 0 && QueueDepth >= LiveQueueLimit))
        {
            return false;
        }

        while (LiveQueueLimit == 0 && QueueDepth >= capacity)
        {
            if (IsAbandoned || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            CallTimes.WaitForProgress(20);
        }

        return true;
    }

    /// <summary>Counts a frame handed to the encoder's side.</summary>
    protected void CountOffered() => Interlocked.Increment(ref _offered);
}
