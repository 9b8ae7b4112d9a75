using System.Diagnostics;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The watchdog's rule: an encoder call is a hang when it has run past its limit while the rest of
/// the swarm made progress. A process starved of CPU as a whole is not a hang: when nobody
/// progresses at all, the verdict comes only after ten limits. A call before the encoder's first
/// finished frame is given longer — it may hold work the encoder defers to its first frame, a
/// lane process's first compilation of its encode path, or a node's first picture through the
/// relay: <see cref="FirstCallGrace"/> while anybody else finished a frame during it, and
/// <see cref="StartUpGrace"/> while nobody did (all encoders start at once, when a starved swarm is
/// slowest).
/// </summary>
internal static class HangRule
{
    /// <summary>How long a call before an encoder's first finished frame may run while nobody else progresses either.</summary>
    public static readonly TimeSpan StartUpGrace = TimeSpan.FromSeconds(60);

    /// <summary>How long a call before an encoder's first finished frame may run while others finish frames (or finished some during it and now wait: a file's intake waits for the slowest encoder's queue).</summary>
    public static readonly TimeSpan FirstCallGrace = TimeSpan.FromSeconds(10);

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
        if (callStartedTicks == 0)
        {
            return false;
        }

        var running = nowTicks - callStartedTicks;
        if (!finishedAFrame)
        {
            return othersProgressedTicks > callStartedTicks
                ? running > Math.Max(limit, Ticks(FirstCallGrace))
                : running > Math.Max(10 * limit, Ticks(StartUpGrace));
        }

        if (running <= limit)
        {
            return false;
        }

        return othersProgressedTicks > callStartedTicks + limit // the others kept working after its limit had passed
            || running > 10 * limit;
    }

    /// <summary><paramref name="span"/> in Stopwatch ticks.</summary>
    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
