using SwarmHost.Engine;
using SwarmHost.Engine.Audit;

namespace SwarmHost.Cli;

/// <summary>
/// The exit code of a run that started, from its audit: 0 only when the output is complete — no
/// error and no lost frame (a stop by Ctrl+C with nothing lost, and damaged input decoded on,
/// are 0); otherwise 1 (a run that lost frames, every encoder failed, the swarm ended below
/// <c>health.minEncoders</c>, or the output failed, e.g. a full disk). Bad input found before
/// anything runs is 2 and never reaches here.
/// </summary>
internal static class RunVerdict
{
    /// <summary>The exit code of <paramref name="summary"/> and, for 1, why.</summary>
    public static (int ExitCode, string? Reason) Of(SwarmSummary summary)
    {
        if (summary.Error is not null)
        {
            return (ExitCodes.RuntimeFailure, summary.Error);
        }

        return summary.LostFrames > 0
            ? (ExitCodes.RuntimeFailure, $"{summary.LostFrames} frames lost: {summary.FramesOut} of {summary.FramesIn + summary.InsertedFrames} slots are in the output (events: slots no encoder delivered)")
            : (ExitCodes.Success, null);
    }
}
