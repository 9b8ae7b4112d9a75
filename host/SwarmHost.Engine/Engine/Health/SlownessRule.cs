namespace SwarmHost.Engine.Health;

/// <summary>
/// When an encoder is failed as too slow: its mean encode time over its recent calls is above two
/// frame intervals and it is slow against the swarm, not only against the clock — another live
/// encoder's recent mean is under half of its own. A machine short of CPU slows every encoder at
/// once; that lowers weights (Degraded) but fails nobody, and an encoder carrying the output alone
/// is never failed for speed: a slow unit is still a unit, a failed encoder delivers none.
/// </summary>
internal static class SlownessRule
{
    /// <summary>Whether an encoder whose recent mean is <paramref name="meanMs"/> is failed as too slow.</summary>
    /// <param name="meanMs">Its mean encode time over its recent calls (0 until it has enough of them).</param>
    /// <param name="frameMs">The frame interval.</param>
    /// <param name="othersMeanMs">The recent means of the other live encoders that have enough calls.</param>
    public static bool FailsForSpeed(double meanMs, double frameMs, IEnumerable<double> othersMeanMs) =>
        meanMs > 2 * frameMs && othersMeanMs.Any(other => other > 0 && other < meanMs / 2);
}
