using System.Globalization;
using SwarmHost.Engine.Output;

namespace SwarmHost.Tests;

/// <summary>
/// The epoch lock of an HLS output: from MPEG-TS timestamps (33 bits of 90 kHz) and the shared
/// clock, two instances starting anywhere in a stream start their segments on the same pictures,
/// number them alike, and give them the same timestamps; a gap in the pictures is a slip; a
/// re-timed input is not locked.
/// </summary>
public sealed class HlsEpochLockTests
{
    private const long Period = 50_000_000; // 20 fps
    private const int SegmentFrames = 20;
    private const long SenderStartNs = 1_796_388_495_168_573_123; // a sender stamping its pictures from the clock, from this instant

    [Fact]
    public void Two_instances_starting_at_different_pictures_start_segments_on_the_same_boundaries_with_the_same_numbers_and_timestamps()
    {
        var (a, firstA) = StartAt(5);
        var (b, firstB) = StartAt(77);

        var epochIndexA = (long)Math.Round((double)(SenderStartNs + (firstA * Period)) / Period);
        Assert.Equal(0, epochIndexA % SegmentFrames);
        Assert.True(firstA is >= 5 and < 5 + SegmentFrames, $"the first boundary is within a segment of the first picture, not at picture {firstA}");
        Assert.Equal(0, (firstB - firstA) % SegmentFrames); // the same grid of source pictures
        Assert.Equal(epochIndexA / SegmentFrames, a.FirstSegment); // numbered from the clock's time of its first picture
        Assert.Equal(a.FirstSegment + ((firstB - firstA) / SegmentFrames), b.FirstSegment);
        Assert.True(a.Locked && b.Locked);
        var offsetA = decimal.Parse(Option(a, "output_ts_offset"), CultureInfo.InvariantCulture);
        var offsetB = decimal.Parse(Option(b, "output_ts_offset"), CultureInfo.InvariantCulture);
        Assert.Equal((firstB - firstA) * Period / 1e9m, offsetB - offsetA); // the same picture gets the same timestamp in both outputs
        Assert.Equal(epochIndexA * Period / 1e9m, offsetA);
    }

    [Fact]
    public void Pictures_around_a_wrap_of_the_TS_clock_are_placed_on_the_clock_s_epoch()
    {
        var wrapNs = (long)((1L << 33) * 1e9 / 90_000);
        var now = (wrapNs * 18_822) + 1_000_000_000; // a second after the TS clock wrapped, in epoch time
        var firstNs = now - 1_500_000_000; // the first picture is from before the wrap, later ones after it
        var epoch = new HlsEpochLock(Period, SegmentFrames, () => now);
        var picture = 0L;
        while (!epoch.StartsAt(Ticks(firstNs + (picture * Period)) % (1L << 33) * 100_000 / 9, Period))
        {
            picture++;
        }

        Assert.InRange(picture, 0, SegmentFrames - 1);
        Assert.InRange(epoch.FirstSegment * SegmentFrames * Period, firstNs - Period, firstNs + (SegmentFrames * Period)); // the picture's own time, not a wrap (26.5 h) off
    }

    [Fact]
    public void A_picture_off_the_grid_after_the_start_is_a_slip_reported_once()
    {
        var slips = new List<(long Sequence, string Message)>();
        var epoch = new HlsEpochLock(Period, SegmentFrames, () => SenderStartNs) { SlipFound = (s, m) => slips.Add((s, m)) };
        var first = 0L;
        while (!epoch.StartsAt(SourceNs(first), Period))
        {
            first++;
        }

        for (long seq = 0; seq < 40; seq++)
        {
            epoch.Observe(seq, SourceNs(first + seq + (seq >= 25 ? 3 : 0))); // three pictures lost before frame 25
        }

        Assert.Equal(1, epoch.Slips);
        Assert.Equal(25, Assert.Single(slips).Sequence);
        Assert.Contains("+3", slips[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_at_another_frame_rate_is_not_locked_and_starts_at_once()
    {
        var epoch = new HlsEpochLock(Period, SegmentFrames, () => SenderStartNs);

        Assert.True(epoch.StartsAt(SourceNs(3), 40_000_000));
        Assert.False(epoch.Locked);
        Assert.Contains("$.profile.frameRate", epoch.NotLocked, StringComparison.Ordinal);
        Assert.Empty(epoch.MuxerOptions());
    }

    [Fact]
    public void No_boundary_in_time_gives_up_the_lock()
    {
        var epoch = new HlsEpochLock(Period, SegmentFrames, () => SenderStartNs);

        epoch.WaitForStart(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.False(epoch.Locked);
        Assert.Contains("no picture on a segment boundary", epoch.NotLocked, StringComparison.Ordinal);
        Assert.True(epoch.StartsAt(SourceNs(1), Period));
    }

    /// <summary>A lock fed the sender's pictures from <paramref name="firstPicture"/> on until it starts, and the picture it started at.</summary>
    private static (HlsEpochLock Lock, long First) StartAt(long firstPicture)
    {
        var epoch = new HlsEpochLock(Period, SegmentFrames, () => SenderStartNs + (firstPicture * Period) + 3_000_000); // the clock a few ms after the picture was sent
        var picture = firstPicture;
        while (!epoch.StartsAt(SourceNs(picture), Period))
        {
            picture++;
        }

        return (epoch, picture);
    }

    /// <summary>The source time of the sender's picture <paramref name="picture"/> as a reader sees it: 33 bits of 90 kHz, in ns.</summary>
    private static long SourceNs(long picture) => Ticks(SenderStartNs + (picture * Period)) % (1L << 33) * 100_000 / 9;

    private static long Ticks(long ns) => (long)((Int128)ns * 90_000 / 1_000_000_000);

    private static string Option(HlsEpochLock epoch, string name) => epoch.MuxerOptions().Single(o => o.Key == name).Value;
}
