using SwarmHost.Abstractions;
using SwarmHost.Combiners.Blend;
using SwarmHost.Media;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>Motion-compensated interpolation on real footage: it must beat repeating the previous picture.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class MotionInterpolatorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("vtest.avi", 40)]
    [InlineData("Megamind.avi", 40)]
    [InlineData("cockatoo.mp4", 60)]
    public void Interpolating_the_middle_frame_beats_repeating_the_previous_one(string clip, int k)
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip(clip), k + 3, 640, 360);
        using var interpolator = new MotionInterpolator();
        try
        {
            var (before, truth, after) = (frames[k], frames[k + 1], frames[k + 2]);
            var middle = interpolator.Interpolate(before, after, 0.5, truth.Sequence, truth.TimestampNs, truth.DurationNs);
            try
            {
                var interpolated = Psnr(middle, truth);
                var repeated = Psnr(before, truth);
                output.WriteLine($"{clip} frame {k + 1} from {k} and {k + 2}: interpolated {interpolated:F2} dB (Y {LumaPsnr(middle, truth):F2} dB), repeat {repeated:F2} dB (Y {LumaPsnr(before, truth):F2} dB)");
                Assert.Equal((truth.Sequence, truth.Width, truth.Height), (middle.Sequence, middle.Width, middle.Height));
                Assert.True(interpolated > repeated, $"interpolation {interpolated:F2} dB is no better than repeating {repeated:F2} dB");
            }
            finally
            {
                middle.Release();
            }
        }
        finally
        {
            MediaRuns.Release(frames);
        }
    }

    [Fact]
    public void Interpolating_between_identical_pictures_returns_that_picture()
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 1, 640, 360);
        using var interpolator = new MotionInterpolator(1.0);
        try
        {
            foreach (var t in new[] { 0.25, 0.5, 0.75 })
            {
                var middle = interpolator.Interpolate(frames[0], frames[0], t, 7, 0, 50_000_000);
                try
                {
                    var psnr = Psnr(middle, frames[0]);
                    output.WriteLine($"t {t}: {psnr:F2} dB against the picture itself");
                    Assert.True(psnr > 45, $"interpolating a picture with itself at t={t} changed it: {psnr:F2} dB");
                    Assert.Equal(7, middle.Sequence);
                }
                finally
                {
                    middle.Release();
                }
            }
        }
        finally
        {
            MediaRuns.Release(frames);
        }
    }

    [Fact]
    public void Pictures_of_different_sizes_are_refused_with_a_message_that_says_what_to_do()
    {
        using var small = new TestFrames(32, 16);
        using var large = new TestFrames(64, 32);
        var a = small.Next(0);
        var b = large.Next(1);
        using var interpolator = new MotionInterpolator();
        try
        {
            var error = Assert.Throws<ArgumentException>(() => interpolator.Interpolate(a, b, 0.5, 0, 0, 1));
            Assert.Contains("Decode both at the profile size", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            a.Release();
            b.Release();
        }
    }

    /// <summary>PSNR over all three planes (the whole I420 picture).</summary>
    private static double Psnr(VideoFrame a, VideoFrame b) => QualityMeter.Psnr(QualityMeter.MeanSquaredError(a.Planes.Span, b.Planes.Span));

    private static double LumaPsnr(VideoFrame a, VideoFrame b) => QualityMeter.Psnr(QualityMeter.MeanSquaredError(a.Y.Span, b.Y.Span));
}
