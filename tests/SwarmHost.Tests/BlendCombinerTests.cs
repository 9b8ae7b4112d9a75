using SwarmHost.Abstractions;
using SwarmHost.Combiners.Blend;

namespace SwarmHost.Tests;

/// <summary>The blending combiner: weighted blending and weight redistribution on known pictures, and the whole combiner on real encoders' units.</summary>
public sealed class BlendCombinerTests
{
    [Fact]
    public void A_missing_encoders_weight_is_redistributed_in_proportion_to_the_others()
    {
        var weights = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.3, ["c"] = 0.2 };

        var shares = PictureBlender.Shares(weights, ["a", "c"]);

        Assert.Equal(2, shares.Count);
        Assert.Equal(0.5 / 0.7, shares["a"], 12);
        Assert.Equal(0.2 / 0.7, shares["c"], 12);
    }

    [Fact]
    public void Encoders_whose_weights_are_all_zero_get_equal_shares()
    {
        var shares = PictureBlender.Shares(new Dictionary<string, double> { ["a"] = 0, ["b"] = 1 }, ["a", "c"]);

        Assert.Equal(0.5, shares["a"], 12);
        Assert.Equal(0.5, shares["c"], 12);
    }

    [Fact]
    public void Blending_weights_every_plane_and_rounds_to_the_nearest_level()
    {
        // an odd size, so both the vector loop and the scalar tail run
        var a = Picture(34, 18, 100, 50, 200, 0);
        var b = Picture(34, 18, 200, 150, 0, 0);
        var c = Picture(34, 18, 11, 11, 11, 0);
        var d = Picture(34, 18, 10, 10, 10, 0);
        try
        {
            AssertPlanes(PictureBlender.Blend([(a, 0.75), (b, 0.25)], 5, 250, 50), 125, 75, 150);
            AssertPlanes(PictureBlender.Blend([(c, 0.5), (d, 0.5)], 5, 250, 50), 11, 11, 11); // 10.5 rounds up
            AssertPlanes(PictureBlender.Blend([(d, 2.0 / 3), (c, 1.0 / 3)], 5, 250, 50), 10, 10, 10); // 10.33
            AssertPlanes(PictureBlender.Blend([(a, 1), (b, 0)], 5, 250, 50), 100, 50, 200);
        }
        finally
        {
            MediaRuns.Release([a, b, c, d]);
        }
    }

    [Fact]
    public void A_missing_encoders_weight_goes_to_the_pictures_that_are_there()
    {
        var weights = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.25, ["c"] = 0.25 };
        var a = Picture(64, 32, 60, 60, 60, 0);
        var b = Picture(64, 32, 120, 120, 120, 0);
        try
        {
            var present = new Dictionary<string, VideoFrame> { ["a"] = a, ["b"] = b }; // c delivered nothing
            var shares = PictureBlender.Shares(weights, present.Keys);
            AssertPlanes(PictureBlender.Blend([.. shares.Select(s => (present[s.Key], s.Value))], 5, 250, 50), 80, 80, 80); // 2/3·60 + 1/3·120
        }
        finally
        {
            MediaRuns.Release([a, b]);
        }
    }

    [Fact]
    public void Pictures_of_different_sizes_are_refused()
    {
        var a = Picture(32, 16, 0, 0, 0, 0);
        var b = Picture(64, 32, 0, 0, 0, 0);
        try
        {
            var error = Assert.Throws<ArgumentException>(() => PictureBlender.Blend([(a, 0.5), (b, 0.5)], 0, 0, 1));
            Assert.Contains("scaled to the profile size", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            MediaRuns.Release([a, b]);
        }
    }

    [Fact]
    public void Settings_outside_their_ranges_are_refused_with_what_to_give()
    {
        var error = Assert.Throws<ArgumentException>(() => BlendSettings.FromOptions(new ComponentOptions([new("flowScale", 0.0)])));
        Assert.Contains("(0, 1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BlendSettings.FromOptions(new ComponentOptions([new("interpolation", "blur")])));
        Assert.Throws<InvalidOperationException>(() => BlendSettings.Default.OutputEncoder(new OutputProfile("prores", 64, 64, new Rational(25, 1), 25)));
    }

    private static VideoFrame Picture(int width, int height, byte y, byte u, byte v, long sequence)
    {
        var owner = System.Buffers.MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(width, height));
        var span = owner.Memory.Span;
        span[..(width * height)].Fill(y);
        span.Slice(width * height, width * height / 4).Fill(u);
        span.Slice(width * height * 5 / 4, width * height / 4).Fill(v);
        return new VideoFrame(owner, width, height, sequence, 0, 50_000_000);
    }

    private static void AssertPlanes(VideoFrame picture, byte y, byte u, byte v)
    {
        try
        {
            Assert.Equal((5L, 250L), (picture.Sequence, picture.TimestampNs));
            foreach (var (name, plane, level) in new[] { ("Y", picture.Y, y), ("U", picture.U, u), ("V", picture.V, v) })
            {
                var odd = plane.Span.IndexOfAnyExcept(level);
                Assert.True(odd < 0, $"{name} is not all {level}: sample {odd} is {(odd < 0 ? 0 : plane.Span[odd])}");
            }
        }
        finally
        {
            picture.Release();
        }
    }
}
