
namespace SwarmHost.Weighting;

/// <summary>
/// An encoder's measured performance in [0, 1], from what the swarm measured and nothing it was
/// configured with: timeliness × delivery × quality, halved while Degraded, 0 when Failed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Timeliness</b>: 1 while its mean encode time (last 30 calls) fits in the frame interval —
/// in a live swarm keeping up is what counts, being faster than that buys nothing — falling linearly
/// to 0 at two frame intervals.</item>
/// <item><b>Delivery</b>: the share of its recent slots delivered good and on time.</item>
/// <item><b>Quality</b>: its recent mean luma PSNR mapped linearly from 20 dB (0) to 50 dB (1); 1 when
/// quality is not measured (verification off).</item>
/// </list>
/// </remarks>
public static class EncoderPerformance
{
    /// <summary>PSNR (dB) that scores 0.</summary>
    public const double WorstPsnr = 20;

    /// <summary>PSNR (dB) that scores 1.</summary>
    public const double BestPsnr = 50;

    /// <summary>Computes the score.</summary>
    /// <param name="meanEncodeMs">Mean encode-call time over recent calls, ms.</param>
    /// <param name="frameIntervalMs">The profile's frame interval, ms.</param>
    /// <param name="deliveredShare">Share of recent slots with a good, on-time unit, in [0, 1].</param>
    /// <param name="state">Health state.</param>
    /// <param name="recentPsnr">Mean luma PSNR of its recent units, dB; NaN when not measured.</param>
    public static double Score(double meanEncodeMs, double frameIntervalMs, double deliveredShare, EncoderState state, double recentPsnr)
    {
        if (state == EncoderState.Failed)
        {
            return 0;
        }

        var timeliness = Math.Clamp(2 - (meanEncodeMs / frameIntervalMs), 0, 1);
        var quality = double.IsFinite(recentPsnr) ? Math.Clamp((recentPsnr - WorstPsnr) / (BestPsnr - WorstPsnr), 0, 1) : 1;
        var score = timeliness * Math.Clamp(deliveredShare, 0, 1) * quality;
        return state == EncoderState.Degraded ? score / 2 : score;
    }
}
