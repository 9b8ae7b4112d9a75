using SwarmHost.Abstractions;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// The only way the engine reaches an encoder instance: hand over frames, get units and
/// measurements back (as <see cref="LaneMessage"/>s on the engine's channel: opened, unit,
/// failed, finished), read its progress for the watchdog, stop it. The slot book, health and
/// weighting never know what kind of lane they talk to (today <see cref="EncoderWorker"/>, a
/// thread in the host).
/// </summary>
/// <remarks>
/// Threads: <see cref="Offer"/> is called by the intake thread; everything else by the coordinator,
/// except the read-only progress figures, which any thread may read. A lane never throws out of
/// <see cref="Offer"/>, <see cref="Complete"/> or <see cref="Abandon"/>: an encoder's failure is a
/// <see cref="LaneMessageKind.Failed"/> message.
/// </remarks>
internal interface IEncoderLane
{
    /// <summary>The manifest's instance id.</summary>
    string Id { get; }

    /// <summary>1 for the first instance, then +1 per rejoin.</summary>
    int Generation { get; }

    /// <summary>The cluster node the encoder runs on; <c>null</c> for a lane on this machine.</summary>
    string? Node { get; }

    /// <summary>The process the encoder runs in, once started: 0 for a lane in the host's own process (or on another node).</summary>
    int ProcessId { get; }

    /// <summary>The first sequence number it is given (a GOP boundary).</summary>
    long StartSequence { get; }

    /// <summary>The session the encoder reported at open; <c>null</c> until then.</summary>
    EncoderSession? Session { get; }

    /// <summary>Health state (changed by the engine only).</summary>
    EncoderState State { get; set; }

    /// <summary>The sequence number of the frame it was last given to encode (−1 before the first).</summary>
    long CurrentSequence { get; }

    /// <summary><see cref="CurrentSequence"/> as the coordinator last sampled it, before reading the messages posted up to then.</summary>
    long ObservedSequence { get; set; }

    /// <summary>Stopwatch ticks when its last call returned (when it started, before any).</summary>
    long LastProgressTicks { get; }

    /// <summary>Stopwatch ticks when the call in progress started; 0 when idle.</summary>
    long CallStartedTicks { get; }

    /// <summary>Whether the engine gave up on this instance.</summary>
    bool Abandoned { get; }

    /// <summary>Frames handed to it and not yet encoded, the one being encoded included.</summary>
    int QueueDepth { get; }

    /// <summary>Live timing: the most frames it may hold; a frame offered beyond that is refused at once. 0: no limit beyond its queue (the intake waits).</summary>
    int LiveQueueLimit { get; set; }

    /// <summary>CPU time its encoding has used so far, ms: the encode calls' thread for a lane in the host, the whole process since the encoder opened for a process lane.</summary>
    double CpuMs { get; }

    /// <summary>Encode calls made so far.</summary>
    long Calls { get; }

    /// <summary>The resident size of the lane's own process, MB; NaN for a lane in the host's process (its memory is the host's).</summary>
    double ResidentMb { get; }

    /// <summary>The largest <see cref="ResidentMb"/> seen, MB; NaN for a lane in the host's process.</summary>
    double PeakResidentMb { get; }

    /// <summary>For a lane on a cluster node: how its pictures reached the node; <c>null</c> for a lane on this machine.</summary>
    NodeArrivals? Arrivals { get; }

    /// <summary>Time spent measuring its units' quality so far, ms.</summary>
    double QualityMs { get; }

    /// <summary>How many recent calls <see cref="RecentMeanMs"/> and <see cref="RecentLongestMs"/> cover.</summary>
    int RecentCalls { get; }

    /// <summary>The mean of its recent calls, ms (0 before any).</summary>
    double RecentMeanMs { get; }

    /// <summary>The longest of its recent calls, ms (0 before any).</summary>
    double RecentLongestMs { get; }

    /// <summary>The wall time of the call that was given frame <paramref name="sequence"/>, as the host measured it, and forgets it; NaN when unknown.</summary>
    double TakeCallMs(long sequence);

    /// <summary>Starts the lane: it opens the encoder and posts <see cref="LaneMessageKind.Opened"/> or <see cref="LaneMessageKind.Failed"/>.</summary>
    void Start();

    /// <summary>The last frame handed to the encoder itself, past any queue where a keyframe can still be asked for it (−1 before the first).</summary>
    long HandedThrough { get; }

    /// <summary>
    /// Asks the encoder for a keyframe at frame <paramref name="sequence"/>; <c>false</c> when the
    /// request cannot reach it before that frame (handed over already, or the lane is stopped). An
    /// encoder with a fixed keyframe interval accepts the request and ignores it
    /// (<see cref="EncoderSession.Keyframes"/>).
    /// </summary>
    bool RequestKeyframe(long sequence);

    /// <summary>Hands a frame over (the lane retains it); <c>false</c> when refused (live queue limit, abandoned, stopped).</summary>
    bool Offer(VideoFrame frame, CancellationToken cancellationToken);

    /// <summary>No more frames: the lane flushes the encoder, posts its last units and <see cref="LaneMessageKind.Finished"/>.</summary>
    void Complete();

    /// <summary>Stops feeding it and ignores what it still posts; frames it holds are released.</summary>
    void Abandon();
}
