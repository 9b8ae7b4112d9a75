using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Manifest;

/// <summary>The largest pictures and the frame rates a profile may ask for (the schema holds the per-side limits too).</summary>
public static class PictureLimits
{
    /// <summary>The largest width or height, in pixels.</summary>
    public const int MaxSide = 8192;

    /// <summary>The largest picture area, in pixels: 8192x4320 (8K UHD full-frame).</summary>
    public const long MaxArea = 8192L * 4320;

    /// <summary><see cref="MaxArea"/> as a size.</summary>
    public const string MaxAreaText = "8192x4320";

    /// <summary>The lowest frame rate, in frames per second.</summary>
    public const double MinFramesPerSecond = 1;

    /// <summary>The highest frame rate, in frames per second.</summary>
    public const double MaxFramesPerSecond = 1000;

    /// <summary>Why <paramref name="rate"/> cannot be used, or <c>null</c> when it is within the limits.</summary>
    public static string? FrameRateProblem(Rational rate)
    {
        if (rate.Numerator <= 0 || rate.Denominator <= 0)
        {
            return $"{rate} is not a positive frame rate";
        }

        var fps = (double)rate.Numerator / rate.Denominator;
        return fps is < MinFramesPerSecond or > MaxFramesPerSecond
            ? string.Create(CultureInfo.InvariantCulture, $"{rate} is {fps:G6} frames per second, outside {MinFramesPerSecond}..{MaxFramesPerSecond}")
            : null;
    }
}
