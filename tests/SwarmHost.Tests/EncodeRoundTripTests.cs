using SwarmHost.Abstractions;
using SwarmHost.Media;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>Every codec the swarm uses, on real footage: decodes back with a PSNR floor, keyframes every 30 frames exactly, encoding at another size.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class EncodeRoundTripTests(ITestOutputHelper output)
{
    private static readonly Rational Rate = new(20, 1);

    public static TheoryData<string, string?, long, double> Codecs => new()
    {
        { "libx264", "veryfast", 1_500_000, 44 },
        { "libx265", "ultrafast", 1_500_000, 44 },
        { "libvpx-vp9", null, 1_500_000, 43 },
        { "libsvtav1", "12", 1_500_000, 43 },
        { "mpeg2video", null, 3_000_000, 44 },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Real_footage_round_trips_above_a_psnr_floor_with_keyframes_every_30_frames(string codec, string? preset, long bitrate, double floor)
    {
        var source = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 90, 640, 360);
        var profile = new OutputProfile("x", 640, 360, Rate, 30);
        var extra = codec == "libvpx-vp9" ? new[] { ("deadline", "realtime"), ("cpu-used", "8") } : [];
        var (session, units) = MediaRuns.Encode(MediaRuns.Settings(codec, bitrate, preset: preset, privateOptions: extra), profile, source,
            sequence => sequence % 30 == 0);
        var decoded = MediaRuns.Decode(session, units);
        try
        {
            Assert.Equal(Enumerable.Range(0, 90).Select(i => (long)i), decoded.Select(d => d.Sequence));
            var psnr = source.Zip(decoded, QualityMeter.Measure).Average(q => q.PsnrY);
            output.WriteLine($"{codec}: {units.Sum(u => u.Data.Length) * 8L * 20 / 90 / 1000} kbit/s, PSNR-Y {psnr:F2} dB, delay {session.DelayFrames} frames, keyframes {session.Keyframes}");
            Assert.True(psnr >= floor, $"{codec}: PSNR-Y {psnr:F2} dB is below the floor of {floor} dB");
            Assert.Equal([0L, 30, 60], units.Where(u => u.IsKeyframe).Select(u => u.Sequence).Order());
        }
        finally
        {
            MediaRuns.Release(source);
            MediaRuns.Release(decoded);
        }
    }

    [Fact]
    public void Libsvtav1_declares_a_fixed_interval_and_keeps_it_without_requests()
    {
        var source = MediaRuns.ReadFrames("lavfi:testsrc2=size=320x240:rate=30", 70);
        var (session, units) = MediaRuns.Encode(MediaRuns.Settings("libsvtav1", preset: "12"), new OutputProfile("x", 320, 240, new Rational(30, 1), 30), source);
        MediaRuns.Release(source);

        Assert.Equal(KeyframeControl.FixedInterval, session.Keyframes);
        Assert.Equal([0L, 30, 60], units.Where(u => u.IsKeyframe).Select(u => u.Sequence).Order());
    }

    [Fact]
    public void An_encoder_scales_the_profile_picture_to_its_own_size()
    {
        var source = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 20, 640, 360);
        var (session, units) = MediaRuns.Encode(MediaRuns.Settings("libx264", preset: "ultrafast", width: 320, height: 180), new OutputProfile("x", 640, 360, Rate, 30), source);
        var decoded = MediaRuns.Decode(session, units);
        var upscaled = MediaRuns.Decode(session, units, 640, 360);
        try
        {
            Assert.Equal((320, 180), (session.Width, session.Height));
            Assert.All(decoded, d => Assert.Equal((320, 180), (d.Width, d.Height)));
            Assert.Equal(20, upscaled.Count);
            Assert.True(source.Zip(upscaled, QualityMeter.Measure).Average(q => q.PsnrY) > 28, "half resolution, scaled back, still resembles the source");
        }
        finally
        {
            MediaRuns.Release(source);
            MediaRuns.Release(decoded);
            MediaRuns.Release(upscaled);
        }
    }
}
