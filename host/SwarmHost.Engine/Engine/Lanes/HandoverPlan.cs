using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// The handovers planned ahead: the frame where the output is to move to another encoder, from the
/// manifest's scheduled switches and from every leader change of the weighting policy.
/// Coordinator thread only.
/// </summary>
/// <remarks>
/// A policy's change is planned at frame k, the first frame none of the encoders involved (the
/// incoming one, the policy's outgoing leader and the encoder the output follows now) has been
/// handed yet, and each of them is asked for a keyframe there, before it is handed that frame: the
/// incoming encoder starts there, and the outgoing one's units before k reference nothing at or
/// after it, whatever its B-frames. The others are not asked (a keyframe costs bits and time). When a GOP boundary comes first, the incoming encoder keeps a fixed keyframe
/// interval, or a lane refuses the request, the handover is planned at the next GOP boundary
/// instead, where every encoder makes a keyframe unasked. A newer decision replaces the policy's plans not yet reached.
/// </remarks>
/// <param name="roster">The encoders.</param>
/// <param name="gop">The GOP length, frames.</param>
/// <param name="scheduled">The manifest's scheduled switches: the encoder to take the output from, by frame (never replaced).</param>
internal sealed class HandoverPlan(EncoderRoster roster, int gop, IReadOnlyDictionary<long, string> scheduled)
{
    private const int Attempts = 4;
    private readonly SortedDictionary<long, string> _byPolicy = [];
    private readonly HashSet<long> _afterFailure = [];

    /// <summary>The encoder the output follows now (set by the coordinator as units are written).</summary>
    public string? OutputLeader { get; set; }

    /// <summary>The encoder the output is planned to move to at <paramref name="frame"/>, or <c>null</c>.</summary>
    public string? SwitchAt(long frame) => scheduled.TryGetValue(frame, out var to) ? to : _byPolicy.GetValueOrDefault(frame);

    /// <summary>Whether a move to <paramref name="encoder"/> was planned at <paramref name="frame"/> ahead of time, not after a failure (kept until <see cref="Forget"/>).</summary>
    public bool IsPlanned(long frame, string encoder) => SwitchAt(frame) == encoder && !_afterFailure.Contains(frame);

    /// <summary>
    /// Plans a move of the output to <paramref name="to"/>; returns the frame it is planned at, or
    /// <c>null</c> when <paramref name="to"/> is not live. A move that ends a bridge is not counted
    /// as planned ahead.
    /// </summary>
    /// <param name="to">The incoming encoder.</param>
    /// <param name="decidedAt">The slot whose closing decided it.</param>
    /// <param name="from">The outgoing encoder as the policy saw it (asked for a keyframe too).</param>
    /// <param name="unplanned">Whether the move ends a bridge after a failure.</param>
    public long? Plan(string to, long decidedAt, string? from = null, bool unplanned = false)
    {
        if (!roster.Live.Any(l => l.Id == to))
        {
            return null;
        }

        var lanes = roster.Live.Where(l => l.Id == to || l.Id == from || l.Id == OutputLeader).ToList();

        foreach (var pending in _byPolicy.Keys.Where(f => f > decidedAt).ToList())
        {
            _byPolicy.Remove(pending); // superseded
            _afterFailure.Remove(pending);
        }

        var frame = Math.Max(decidedAt + 1, lanes.Max(l => l.HandedThrough) + 1);
        var boundary = (decidedAt + gop) / gop * gop; // the next GOP boundary: every encoder makes a keyframe there unasked
        var fixedInterval = lanes.Single(l => l.Id == to).Session?.Keyframes != KeyframeControl.PerFrame;
        if (boundary <= frame || fixedInterval || !Ask(lanes, ref frame) || frame >= boundary)
        {
            frame = boundary;
        }

        _byPolicy[frame] = to;
        if (unplanned)
        {
            _afterFailure.Add(frame);
        }

        return frame;
    }

    /// <summary>Drops what was planned at or before <paramref name="frame"/> (its slot has closed and been written).</summary>
    public void Forget(long frame)
    {
        while (_byPolicy.Count > 0 && _byPolicy.Keys.First() <= frame)
        {
            _afterFailure.Remove(_byPolicy.Keys.First());
            _byPolicy.Remove(_byPolicy.Keys.First());
        }
    }

    /// <summary>Asks every lane for a keyframe at <paramref name="frame"/>, moving it on when one was handed it meanwhile; whether they all took it.</summary>
    private static bool Ask(List<IEncoderLane> lanes, ref long frame)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var at = frame;
            if (lanes.All(l => l.RequestKeyframe(at)))
            {
                return true;
            }

            frame = Math.Max(frame + 1, lanes.Max(l => l.HandedThrough) + 1);
        }

        return false;
    }
}
