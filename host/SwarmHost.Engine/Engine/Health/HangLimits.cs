using SwarmHost.Engine.Lanes;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The hang timeouts a run judges calls by (Stopwatch ticks): one for the encoders on this machine,
/// one for those on cluster nodes, whose calls also cross the network and a node's processes.
/// </summary>
/// <param name="LocalTicks">The limit of a lane on this machine (<c>health.hangTimeoutMs</c>).</param>
/// <param name="RemoteTicks">The limit of a lane on a cluster node (<c>health.remoteHangTimeoutMs</c>).</param>
internal sealed record HangLimits(long LocalTicks, long RemoteTicks)
{
    /// <summary>The timeout of <paramref name="lane"/>: remote when it runs on a node.</summary>
    public long For(IEncoderLane lane) => lane.Node is null ? LocalTicks : RemoteTicks;
}
