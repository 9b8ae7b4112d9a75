namespace SwarmHost.Engine;

/// <summary>
/// An encoder's measured performance in [0, 1], from what the swarm measured and nothing it was
/// configured with: time headroom (1 − mean encode time / frame interval, over its last 30 calls),
/// times the share of its recent slots delivered good and on time, halved while Degraded, 0 when
/// Failed.
/// </summary>
public static class EncoderPerformance
{
    /// <summary>Computes the score.</summary>
    /// <param name="meanEncodeMs">Mean encode-call time over recent calls, ms.</param>
    /// <param name="frameIntervalMs">The profile's frame interval, ms.</param>
    /// <param name="deliveredShare">Share of recent slots with a good, on-time unit, in [0, 1].</param>
    /// <param name="state">Health state.</param>
    public static double Score(double meanEncodeMs, double frameIntervalMs, double deliveredShare, EncoderState state)
    {
        if (state == EncoderState.Failed)
        {
            return 0;
        }

        var headroom = Math.Clamp(1 - (meanEncodeMs / frameIntervalMs), 0, 1);
        var score = headroom * Math.Clamp(deliveredShare, 0, 1);
        return state == EncoderState.Degraded ? score / 2 : score;
    }
}
