namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// The epoch: how a source picture's timestamp gives its sequence number, on every node alike.
/// The coordinator's intake owns it: picture <paramref name="Seq0"/> had source time
/// <paramref name="Pts0Ns"/> and entered the swarm at <paramref name="ClockTime0Ns"/> on the
/// swarm's clock; a picture at source time <c>t</c> is number
/// <c>Seq0 + round((t − Pts0Ns) / FramePeriodNs)</c> until the next epoch. A new epoch starts at
/// the first picture and after each source discontinuity (a jump or a stall), so no message per
/// frame is needed for every node to give the same picture the same number.
/// </summary>
/// <param name="Seq0">The sequence number of the epoch's first picture.</param>
/// <param name="Pts0Ns">That picture's source time, ns (on the timeline the lane reads: the relayed one for a relayed source).</param>
/// <param name="ClockTime0Ns">When that picture entered the swarm, on the swarm's clock, ns.</param>
/// <param name="FramePeriodNs">The source's frame period, ns.</param>
public sealed record SourceEpoch(long Seq0, long Pts0Ns, long ClockTime0Ns, long FramePeriodNs)
{
    /// <summary>The sequence number of the picture at source time <paramref name="sourceNs"/> under this epoch (below <see cref="Seq0"/> for a picture before it).</summary>
    public long Number(long sourceNs) => Seq0 + (long)Math.Round((double)(sourceNs - Pts0Ns) / FramePeriodNs, MidpointRounding.AwayFromZero);
}
