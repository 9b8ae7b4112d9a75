using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The hang timeouts a run judges calls by (Stopwatch ticks): one for the encoders on this machine,
/// one for those on cluster nodes, whose calls also cross the network and a node's processes.
/// </summary>
/// <param name="LocalTicks">The limit of a lane on this machine (<c>health.hangTimeoutMs</c>).</param>
/// <param name="RemoteTicks">The limit of a lane on a cluster node (<c>health.remoteHangTimeoutMs</c>).</param>
internal sealed record HangLimits(long LocalTicks, long RemoteTicks)
{
    /// <summary>
    /// The timeout of <paramref name="lane"/>: remote when it runs on a node — and, until its first
    /// GOP is complete, at least <see cref="HangRule.FirstCallGrace"/>: a node starts the lane's
    /// process, its decoder and the relay's stream at once, and on a busy node that start stalls
    /// for seconds while the other encoders carry the output.
    /// </summary>
    public long For(IEncoderLane lane) => lane.Node is null ? LocalTicks
        : lane.State == EncoderState.Joining ? Math.Max(RemoteTicks, HangRule.Ticks(HangRule.FirstCallGrace))
        : RemoteTicks;
}
