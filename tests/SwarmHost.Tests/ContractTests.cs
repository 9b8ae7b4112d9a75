using System.Buffers;
using NSubstitute;
using SwarmHost.Abstractions;
using SwarmHost.Clocks.System;

namespace SwarmHost.Tests;

public sealed class ContractTests
{
    [Fact]
    public void A_frame_exposes_i420_planes_and_returns_its_buffer_after_the_last_release()
    {
        var owner = Substitute.For<IMemoryOwner<byte>>();
        owner.Memory.Returns(new byte[VideoFrame.BufferSize(8, 4)]);
        var frame = new VideoFrame(owner, 8, 4, 7, 1_000, 33_333_333);

        Assert.Equal(32, frame.Y.Length);
        Assert.Equal(8, frame.U.Length);
        Assert.Equal(8, frame.V.Length);
        Assert.Same(frame, frame.Retain());
        frame.Release();
        owner.DidNotReceive().Dispose();
        frame.Release();
        owner.Received(1).Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.Y);
        Assert.Throws<ObjectDisposedException>(() => frame.Retain());
        Assert.Throws<InvalidOperationException>(frame.Release);
    }

    [Theory]
    [InlineData(7, 4)]
    [InlineData(8, 0)]
    public void A_frame_refuses_a_size_4_2_0_cannot_hold(int width, int height)
    {
        var owner = Substitute.For<IMemoryOwner<byte>>();
        owner.Memory.Returns(new byte[1024]);

        Assert.Throws<ArgumentException>(() => new VideoFrame(owner, width, height, 0, 0, 0));
    }

    [Theory]
    [InlineData("30/1", 30, 1, 33_333_333)]
    [InlineData("30000/1001", 30000, 1001, 33_366_667)]
    [InlineData("25", 25, 1, 40_000_000)]
    public void Frame_rates_parse_and_give_their_frame_duration(string text, int num, int den, long periodNs)
    {
        Assert.True(Rational.TryParse(text, out var rate));
        Assert.Equal(new Rational(num, den), rate);
        Assert.Equal(periodNs, rate.PeriodNanoseconds());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0/1")]
    [InlineData("30/0")]
    [InlineData("-30/1")]
    [InlineData("30/1/2")]
    [InlineData("thirty")]
    public void Bad_frame_rates_do_not_parse(string text) => Assert.False(Rational.TryParse(text, out _));

    [Fact]
    public void Content_reports_refuse_non_finite_metrics_and_keep_the_last_value()
    {
        var builder = new ContentReportBuilder(5);
        builder.Set(ContentMetrics.Complexity, 0.2);
        builder.Set(ContentMetrics.Complexity, 0.4);

        Assert.Throws<ArgumentException>(() => builder.Set(ContentMetrics.MotionMean, double.NaN));
        var report = builder.Build();
        Assert.Equal(0.4, report.Get(ContentMetrics.Complexity));
        Assert.True(double.IsNaN(report.Get(ContentMetrics.MotionMean)));
    }

    [Fact]
    public void Options_give_clear_errors_for_absent_or_mistyped_values()
    {
        var options = new ComponentOptions([new("gop", (object?)30L)]);

        Assert.Equal(30.0, options.GetDouble("gop"));
        Assert.Contains("'preset' was not given", Assert.Throws<KeyNotFoundException>(() => options.GetString("preset")).Message, StringComparison.Ordinal);
        Assert.Contains("holds a Int64, not a String", Assert.Throws<InvalidCastException>(() => options.GetString("gop")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_clock_never_steps_back_when_the_wall_clock_does()
    {
        var time = Substitute.For<TimeProvider>();
        var wall = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        long ticks = 1_000;
        time.TimestampFrequency.Returns(1_000_000_000L);
        time.GetTimestamp().Returns(_ => ticks);
        time.GetUtcNow().Returns(wall);
        using var clock = new SystemClock(time, offsetNs: 0);
        var first = clock.NowNs();

        time.GetUtcNow().Returns(wall.AddHours(-1)); // an operator or NTP steps the system clock back
        ticks += 40_000_000; // 40 ms of monotonic time pass

        Assert.Equal((wall.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100, first);
        Assert.Equal(first + 40_000_000, clock.NowNs());
        Assert.Equal(ClockState.Synchronised, clock.Status.State);
    }

    [Fact]
    public void The_real_system_clock_is_monotonic_and_near_wall_time()
    {
        var factory = new SystemClockFactory();
        using var clock = factory.Create(new ComponentOptions([new(SystemClockFactory.OffsetOption, (object?)0.0)]), null!);
        var previous = clock.NowNs();
        for (var i = 0; i < 100_000; i++)
        {
            var now = clock.NowNs();
            Assert.True(now >= previous, $"reading {i} went back from {previous} to {now}");
            previous = now;
        }

        var wallNs = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        Assert.InRange(Math.Abs(previous - wallNs), 0, 50_000_000);
        Assert.True(clock.Status.IsSynchronised);
    }

    [Fact]
    public void The_system_clock_applies_its_offset_option()
    {
        var factory = new SystemClockFactory();
        using var plain = factory.Create(new ComponentOptions([new(SystemClockFactory.OffsetOption, (object?)0.0)]), null!);
        using var shifted = factory.Create(new ComponentOptions([new(SystemClockFactory.OffsetOption, (object?)1000.0)]), null!);

        Assert.InRange(shifted.NowNs() - plain.NowNs(), 990_000_000, 1_010_000_000);
    }
}
