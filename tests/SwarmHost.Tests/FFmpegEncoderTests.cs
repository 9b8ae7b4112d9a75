using Microsoft.Extensions.Logging.Abstractions;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Tests;

/// <summary>The shipped <c>ffmpeg</c> component, loaded through the real loader, encoding real frames with real encoders.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class FFmpegEncoderTests
{
    private static readonly OutputProfile Profile = new("h264", 160, 96, new Rational(30, 1), 250);

    private static IVideoEncoder Create(string id, params (string Name, object? Value)[] options)
    {
        var catalog = TestDiscovery.Discover(TestPaths.ShippedPlugins);
        Assert.True(catalog.TryGetActive("ffmpeg", out var record), "the ffmpeg component is not active");
        var factory = (IEncoderFactory)record.Factory!;
        var values = factory.Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default);
        foreach (var (name, value) in options)
        {
            values[name] = value;
        }

        return factory.Create(new ComponentOptions(values), new ComponentActivator(catalog, NullLoggerFactory.Instance).ContextFor(id));
    }

    [Theory]
    [InlineData("libx264", "ultrafast")]
    [InlineData("libx265", "ultrafast")]
    [InlineData("libvpx-vp9", null)]
    [InlineData("mpeg2video", null)]
    public void Keyframes_land_exactly_where_the_host_asks_and_every_frame_comes_out_once(string codec, string? preset)
    {
        long[] forced = [0, 17, 40];
        using var encoder = Create("probe", ("codec", codec), ("preset", preset));
        var session = encoder.Open(Profile);
        using var frames = new TestFrames(Profile.Width, Profile.Height);
        var units = new List<EncodedUnit>();
        for (long sequence = 0; sequence < 61; sequence++)
        {
            var frame = frames.Next(sequence);
            try
            {
                units.AddRange(encoder.Encode(frame, forced.Contains(sequence)));
            }
            finally
            {
                frame.Release();
            }
        }

        units.AddRange(encoder.Flush());

        Assert.Equal(KeyframeControl.PerFrame, session.Keyframes);
        Assert.Equal(Enumerable.Range(0, 61).Select(i => (long)i), units.Select(u => u.Sequence).Order());
        Assert.Equal(forced, units.Where(u => u.IsKeyframe).Select(u => u.Sequence).Order());
        Assert.All(units, u => Assert.Equal("probe", u.EncoderId));
        Assert.All(units, u => Assert.True(u.Data.Length > 0));
        Assert.Equal(61, encoder.Stats.UnitsOut);
    }

    [Fact]
    public void The_reported_delay_is_the_number_of_frames_held_before_the_first_unit()
    {
        using var fast = Create("fast", ("codec", "libx264"), ("preset", "ultrafast"));
        using var slow = Create("slow", ("codec", "libx264"), ("preset", "medium"));

        var fastDelay = fast.Open(Profile).DelayFrames;
        var slowDelay = slow.Open(Profile).DelayFrames;

        Assert.Equal(fastDelay, FramesHeld(fast));
        Assert.Equal(slowDelay, FramesHeld(slow));
        Assert.True(slowDelay > 10 && slowDelay > fastDelay, $"x264 medium reported {slowDelay} frames of delay, ultrafast {fastDelay}");
    }

    private static int FramesHeld(IVideoEncoder encoder)
    {
        using var frames = new TestFrames(Profile.Width, Profile.Height);
        for (var sequence = 0; sequence < 300; sequence++)
        {
            var frame = frames.Next(sequence);
            var units = encoder.Encode(frame, sequence == 0);
            frame.Release();
            if (units.Count > 0)
            {
                return sequence;
            }
        }

        return -1;
    }

    [Fact]
    public void An_unknown_encoder_name_is_a_clear_error_at_open()
    {
        using var encoder = Create("bad", ("codec", "libx999"));

        var error = Assert.Throws<InvalidOperationException>(() => encoder.Open(Profile));

        Assert.Contains("no encoder named 'libx999'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_option_is_named_in_the_error()
    {
        using var encoder = Create("bad", ("codec", "libx264"), ("private", new Dictionary<string, object?> { ["no-such-option"] = 1L }));

        var error = Assert.Throws<InvalidOperationException>(() => encoder.Open(Profile));

        Assert.Contains("no-such-option=1", error.Message, StringComparison.Ordinal);
    }
}
