using Microsoft.Extensions.Logging.Abstractions;
using SwarmHost.Abstractions;
using SwarmHost.Combiners.Blend;
using SwarmHost.Media;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>The blending combiner on real encoders' units (x264 with B-frames and VP9 at half size) from real footage, with its real output encoder.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class BlendCombinerMediaTests(ITestOutputHelper output)
{
    private const int Frames = 40;
    private const int Hole = 20;
    private static readonly OutputProfile Profile = new("h264", 320, 180, new Rational(20, 1), 10);

    [Fact]
    public void Mixed_codecs_and_sizes_become_one_stream_with_every_slot_once_and_a_slot_nobody_delivered_interpolated()
    {
        var source = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), Frames, Profile.Width, Profile.Height);
        try
        {
            // both encoders stop before the hole and restart with a keyframe after it, as a failed encoder's fresh instance does: nobody delivers the hole
            var x264 = Stream(MediaRuns.Settings("libx264", 800_000, preset: "veryfast"), source);
            var vp9 = Stream(MediaRuns.Settings("libvpx-vp9", 300_000, width: 160, height: 90, privateOptions: [("deadline", "realtime"), ("cpu-used", "8"), ("lag-in-frames", "0")]), source);
            using var combiner = new BlendCombiner(BlendSettings.Default, new ComponentContext("combiner", NullLogger.Instance, new FFmpegOnlyActivator()));
            combiner.Open(Profile, new Dictionary<string, EncoderSession> { ["x264"] = x264.Session, ["vp9"] = vp9.Session });
            Assert.Equal("libx264", combiner.OutputSession.Codec);
            Assert.Equal(BlendSettings.DefaultLookahead + x264.Session.DelayFrames + BlendCombiner.ReorderSlack, combiner.HoldSlots);

            var outputs = new List<CombinerOutput>();
            var weights = new Dictionary<string, double> { ["x264"] = 0.7, ["vp9"] = 0.3 };
            for (var s = 0L; s < Frames; s++)
            {
                var units = new Dictionary<string, EncodedUnit>();
                foreach (var (id, stream) in new[] { ("x264", x264), ("vp9", vp9) })
                {
                    if (stream.Units.TryGetValue(s, out var unit))
                    {
                        units[id] = unit;
                    }
                }

                outputs.Add(combiner.Combine(new CombinerSlot(s, source[(int)s].TimestampNs, units, weights, new ContentReport(s, new Dictionary<string, double>()))));
            }

            Assert.All(outputs.Take(combiner.HoldSlots), o => Assert.Empty(o.Units)); // held while later slots arrive
            outputs.Add(combiner.Flush());
            var written = outputs.SelectMany(o => o.Units).ToList();
            Assert.Equal(Enumerable.Range(0, Frames).Select(i => (long)i), written.Select(u => u.Sequence).Order());
            Assert.Equal(1, outputs.Sum(o => o.InsertedFrames));
            Assert.Contains(outputs, o => o.Leader == "x264");
            Assert.DoesNotContain(outputs, o => o.Leader == "vp9");

            var decoded = MediaRuns.Decode(combiner.OutputSession, written);
            try
            {
                Assert.Equal(Frames, decoded.Count);
                for (var i = 0; i < Frames; i++)
                {
                    var own = Psnr(decoded[i], source[i]);
                    Assert.True(i == 0 || own > Psnr(decoded[i], source[i - 1]), $"output frame {i} is closer to source frame {i - 1} than to {i} ({own:F2} dB)");
                    Assert.True(i == Frames - 1 || own > Psnr(decoded[i], source[i + 1]), $"output frame {i} is closer to source frame {i + 1} than to {i} ({own:F2} dB)");
                }

                var filled = Psnr(decoded[Hole], source[Hole]);
                var repeated = Psnr(decoded[Hole - 1], source[Hole]);
                output.WriteLine($"slot {Hole}, delivered by nobody: interpolated output {filled:F2} dB against the source; repeating output {Hole - 1} would give {repeated:F2} dB; neighbours {Psnr(decoded[Hole - 1], source[Hole - 1]):F2} / {Psnr(decoded[Hole + 1], source[Hole + 1]):F2} dB");
                Assert.True(filled > repeated, $"the interpolated slot ({filled:F2} dB) is no better than a repeat ({repeated:F2} dB)");
            }
            finally
            {
                MediaRuns.Release(decoded);
            }
        }
        finally
        {
            MediaRuns.Release(source);
        }
    }

    [Fact]
    public void An_output_encoder_of_another_codec_is_refused_at_open_and_dispose_still_cleans_up()
    {
        var vp9 = new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libvpx-vp9")]));
        var combiner = new BlendCombiner(BlendSettings.Default with { Encoder = vp9 }, new ComponentContext("combiner", NullLogger.Instance, new FFmpegOnlyActivator()));
        var session = new EncoderSession("libx264", 320, 180, 0, KeyframeControl.PerFrame, ReadOnlyMemory<byte>.Empty);

        var error = Assert.Throws<InvalidOperationException>(() => combiner.Open(Profile, new Dictionary<string, EncoderSession> { ["a"] = session }));

        Assert.Contains("writes vp9, but the profile's codec is h264", error.Message, StringComparison.Ordinal);
        combiner.Dispose();
        combiner.Dispose();
    }

    /// <summary>Encodes the source in two instances, frames before the hole and frames after it, and keys the units by sequence.</summary>
    private static (EncoderSession Session, Dictionary<long, EncodedUnit> Units) Stream(FFmpegEncoderSettings settings, List<VideoFrame> source)
    {
        var (session, first) = MediaRuns.Encode(settings, Profile, source[..Hole], s => s % Profile.Gop == 0);
        var (_, second) = MediaRuns.Encode(settings, Profile, source[(Hole + 1)..], s => s == Hole + 1 || s % Profile.Gop == 0);
        return (session, first.Concat(second).ToDictionary(u => u.Sequence));
    }

    private static double Psnr(VideoFrame a, VideoFrame b) => QualityMeter.Psnr(QualityMeter.MeanSquaredError(a.Y.Span, b.Y.Span));

    /// <summary>Creates the combiner's output encoder as the host would for the <c>ffmpeg</c> component: a real in-process FFmpeg encoder.</summary>
    private sealed class FFmpegOnlyActivator : IComponentActivator
    {
        public IVideoEncoder CreateEncoder(ComponentSpec spec, string instanceId) =>
            spec.Plugin == "ffmpeg"
                ? new FFmpegVideoEncoder(instanceId, FFmpegEncoderSettings.FromOptions(spec.Options))
                : throw new KeyNotFoundException($"No active encoder component '{spec.Plugin}' in this test.");
    }
}
