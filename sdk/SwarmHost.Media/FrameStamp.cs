namespace SwarmHost.Media;

/// <summary>The sequence number and shared timestamp a frame is given when it enters the swarm.</summary>
/// <param name="Sequence">The swarm-wide sequence number.</param>
/// <param name="TimestampNs">The timestamp from the swarm's clock, in ns.</param>
public readonly record struct FrameStamp(long Sequence, long TimestampNs);
