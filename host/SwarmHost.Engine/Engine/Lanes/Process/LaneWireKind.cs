namespace SwarmHost.Engine.Lanes.Process;

/// <summary>The messages between the host and a lane process, one byte on the wire.</summary>
internal enum LaneWireKind : byte
{
    /// <summary>Host → lane, first: the <see cref="LaneStart"/> as JSON.</summary>
    Start = 1,

    /// <summary>Host → lane: encode the frame in a ring slot (slot, sequence, timestamp, duration, width, height). Coordinator → node: the node may encode a picture (sequence, timestamp, whether it repeats the one before).</summary>
    Frame,

    /// <summary>Host → lane: no more frames; flush and finish. To a node: the last sequence number the coordinator read.</summary>
    Complete,

    /// <summary>Lane → host: the encoder opened (its session).</summary>
    Opened,

    /// <summary>Lane → host: an encode call for a frame began (sequence).</summary>
    CallStarted,

    /// <summary>Lane → host: that call returned (sequence, wall ms, quality ms so far).</summary>
    CallEnded,

    /// <summary>Lane → host: a unit, verified or not (the unit, its problem, PSNR, SSIM).</summary>
    Unit,

    /// <summary>Lane → host: the lane is done with a ring slot.</summary>
    Released,

    /// <summary>Lane → host: the encoder failed (why); the lane ends.</summary>
    Failed,

    /// <summary>Lane → host: flushed; every unit was sent; the lane ends.</summary>
    Finished,

    /// <summary>Coordinator → node, every second: the coordinator is there (a node stops a lane whose coordinator has been silent for <c>RemoteLane.SilenceLimit</c>).</summary>
    Alive,

    /// <summary>Node → coordinator: the lane process's CPU time since its encoder opened (ms) and its resident size and peak (MB).</summary>
    Usage,

    /// <summary>Coordinator → node, before the permission to encode its first picture: an epoch (seq0, pts0 ns, clock time 0 ns, frame period ns).</summary>
    Epoch,

    /// <summary>Node → coordinator, for a relayed source: the UDP port where the node awaits the relay (SRT).</summary>
    RelayPort,

    /// <summary>Node → coordinator, for a relayed source: the node waits on it for frames up to the last one: end the relay, so the node's decoder gives up the pictures it holds back.</summary>
    SourceEnd,

    /// <summary>Node → coordinator, per picture it feeds its lane: the sequence number, whether the node filled it (its stream lacked the picture), the node clock's time the picture arrived (decoded), and the coordinator's stamp it was given.</summary>
    Arrival,

    /// <summary>Host → lane, and coordinator → node, before the frame is handed over: make frame (sequence) a keyframe (a planned handover).</summary>
    Keyframe,
}
