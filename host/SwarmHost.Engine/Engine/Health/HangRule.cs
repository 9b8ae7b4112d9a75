using System.Diagnostics;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The watchdog's rule: an encoder call is a hang when it has run past its limit while the rest of
/// the swarm made progress. A process starved of CPU as a whole is not a hang — not in the middle
/// of a run and not at start-up (while encoders open and take their first frames, when a starved
/// swarm is slowest). Only when nobody progresses at all does a verdict come anyway: after ten
/// limits once the encoder has finished a call, and never within <see cref="StartUpGrace"/> of a
/// call before its first — unless the others finished frames while that call ran and now wait:
/// the machine runs encoders, and what holds them up is this call (a file's intake waits for the
/// slowest encoder's queue), so <see cref="StarvedStartUpGrace"/> applies instead.
/// </summary>
internal static class HangRule
{
    /// <summary>How long a call before an encoder's first finished frame may run while nobody else progresses either.</summary>
    public static readonly TimeSpan StartUpGrace = TimeSpan.FromSeconds(60);

    /// <summary>How long a call before an encoder's first finished frame may run when the others finished frames during it and have made none since its limit.</summary>
    public static readonly TimeSpan StarvedStartUpGrace = TimeSpan.FromSeconds(10);

    /// <summary>The limit of one encoder: the hang timeout, or 8× its own longest recent call when that is longer (Stopwatch ticks).</summary>
    public static long Limit(long hangTimeoutTicks, double recentLongestMs) => Math.Max(hangTimeoutTicks, (long)(8 * recentLongestMs / 1000 * Stopwatch.Frequency));

    /// <summary>Whether the call that started at <paramref name="callStartedTicks"/> (0: no call running) is a hang at <paramref name="nowTicks"/>.</summary>
    /// <param name="nowTicks">Now (Stopwatch ticks).</param>
    /// <param name="callStartedTicks">When the running call began, 0 when none runs.</param>
    /// <param name="limit">The encoder's limit (<see cref="Limit"/>).</param>
    /// <param name="othersProgressedTicks">The latest time another live encoder finished a call.</param>
    /// <param name="finishedAFrame">Whether this encoder has finished at least one encode call.</param>
    public static bool IsHang(long nowTicks, long callStartedTicks, long limit, long othersProgressedTicks, bool finishedAFrame)
    {
        if (callStartedTicks == 0 || nowTicks - callStartedTicks <= limit)
        {
            return false;
        }

        if (othersProgressedTicks > callStartedTicks + limit)
        {
            return true; // the others kept working after its limit had passed
        }

        var grace = othersProgressedTicks > callStartedTicks ? StarvedStartUpGrace : StartUpGrace;
        var alone = finishedAFrame ? 10 * limit : Math.Max(10 * limit, (long)(grace.TotalSeconds * Stopwatch.Frequency));
        return nowTicks - callStartedTicks > alone;
    }
}
