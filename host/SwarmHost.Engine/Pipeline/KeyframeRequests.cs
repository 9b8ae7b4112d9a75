using SwarmHost.Abstractions;

namespace SwarmHost.Pipeline;

/// <summary>
/// Where the host asks an encoder for a keyframe: at every sequence number divisible by the GOP
/// length, the same for every encoder, so GOPs are aligned across the swarm, and at every frame
/// planned for a handover (the manifest's <c>scheduledSwitches</c> and every leader change of
/// the weighting policy). Encoders that only
/// keep a fixed interval are not asked (they were opened with the GOP as their interval and start
/// on a GOP boundary).
/// </summary>
public static class KeyframeRequests
{
    /// <summary>Whether to ask <paramref name="session"/>'s encoder for a keyframe on frame <paramref name="sequence"/>; <paramref name="planned"/>: whether a handover is planned at it.</summary>
    public static bool IsRequested(EncoderSession session, OutputProfile profile, long sequence, bool planned = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(profile);
        return session.Keyframes == KeyframeControl.PerFrame && (sequence % profile.Gop == 0 || planned);
    }
}
