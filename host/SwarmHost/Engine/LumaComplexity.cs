using SwarmHost.Abstractions;

namespace SwarmHost.Engine;

/// <summary>
/// The content complexity used when no analyzer reports one: the standard deviation of luma
/// (every 4th pixel of every 4th row) plus the mean absolute luma change from the previous frame,
/// each scaled to [0, 1] (σ / 64 and Δ / 32), averaged and clamped. Flat, still pictures give
/// about 0; detailed, moving ones approach 1.
/// </summary>
public static class LumaComplexity
{
    /// <summary>Measures <paramref name="frame"/> (and its change from <paramref name="previous"/>).</summary>
    public static double Measure(VideoFrame frame, VideoFrame? previous)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var y = frame.Y.Span;
        var before = previous is not null && previous.Width == frame.Width && previous.Height == frame.Height ? previous.Y.Span : default;
        double sum = 0, sumSquares = 0, change = 0;
        long count = 0;
        for (var row = 0; row < frame.Height; row += 4)
        {
            for (var x = 0; x < frame.Width; x += 4)
            {
                var i = (row * frame.Width) + x;
                double v = y[i];
                sum += v;
                sumSquares += v * v;
                if (!before.IsEmpty)
                {
                    change += Math.Abs(v - before[i]);
                }

                count++;
            }
        }

        var mean = sum / count;
        var deviation = Math.Sqrt(Math.Max(0, (sumSquares / count) - (mean * mean)));
        var motion = before.IsEmpty ? 0 : change / count;
        return Math.Clamp(((deviation / 64) + (motion / 32)) / 2, 0, 1);
    }
}
