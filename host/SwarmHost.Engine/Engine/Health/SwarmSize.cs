using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The rule of <c>health.minEncoders</c> (default: every encoder of the manifest): a swarm that
/// cannot open that many encoders does not start, and a run that ends with fewer live encoders
/// after its rejoin attempts (an id whose fresh instance could not open, or rejoins turned off)
/// has failed.
/// </summary>
internal static class SwarmSize
{
    /// <summary>The message refusing a start: every encoder that could not open, with its JSON path and reason.</summary>
    /// <param name="manifest">The manifest's file.</param>
    /// <param name="failures">One line per encoder that could not open, starting with its JSON path.</param>
    /// <param name="opened">Encoders that opened.</param>
    /// <param name="total">Encoders the manifest names.</param>
    /// <param name="minimum">The fewest the swarm runs with.</param>
    public static string OpenFailure(string manifest, IReadOnlyList<string> failures, int opened, int total, int minimum) =>
        $"{manifest}: {failures.Count} of {total} encoders could not open, and the swarm needs at least {minimum} (health.minEncoders{(minimum == total ? ", default: all of them" : "")}):{Environment.NewLine}"
        + string.Join(Environment.NewLine, failures.Select(f => "  " + f))
        + $"{Environment.NewLine}Fix each encoder's codec, preset or options (`swarmhost inspect <plugin>` lists them){(opened > 0 ? ", or lower health.minEncoders to start without it" : "")}.";

    /// <summary>Why the run failed by ending below its minimum, or <c>null</c>.</summary>
    /// <param name="workers">The current instance of every encoder id.</param>
    /// <param name="rejoins">The rejoin schedule.</param>
    /// <param name="minimum">The fewest the swarm runs with.</param>
    /// <param name="lastFailure">The last failure reason of an id.</param>
    public static string? BelowMinimumAtEnd(IReadOnlyList<IEncoderLane> workers, RejoinSchedule rejoins, int minimum, Func<string, string?> lastFailure)
    {
        var live = workers.Count(w => w.State != EncoderState.Failed);
        var gone = workers.Where(w => w.State == EncoderState.Failed && (!rejoins.Enabled || rejoins.FailedOpens(w.Id) > 0)).ToList();
        if (live >= minimum || gone.Count == 0)
        {
            return null;
        }

        return $"the swarm ended with {live} of {workers.Count} encoders, below health.minEncoders {minimum}, after its rejoin attempts: "
            + string.Join("; ", gone.Select(w => $"'{w.Id}': {lastFailure(w.Id)}{(rejoins.Enabled ? $" ({rejoins.FailedOpens(w.Id)} rejoin attempts in a row could not open or failed before their first GOP)" : " (rejoins are off: health.rejoinAfterFrames 0)")}"));
    }
}
