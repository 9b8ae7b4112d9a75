using SwarmHost.Engine.Lanes.Remote;

namespace SwarmHost.Tests;

/// <summary>
/// The epoch: the intake starts one at its first picture and wherever a picture's number is not
/// the one its timestamp gives; a node numbering its own decode by them gets the coordinator's
/// numbers, wherever in the stream it started.
/// </summary>
public sealed class SourceEpochTests
{
    private const long Period = 40_000_000; // 25 fps

    [Fact]
    public void A_steady_source_has_one_epoch_and_a_node_starting_anywhere_numbers_every_picture_as_the_intake()
    {
        var book = new EpochBook(Period);
        var pts0 = 7_000_000_000L; // a stream that does not start at 0
        for (long seq = 0; seq < 100; seq++)
        {
            book.Observe(seq, pts0 + (seq * Period) + (seq % 3 * 1000), 1_000 + seq); // timestamps a few µs off the grid, as a container's rounding leaves them
        }

        var epoch = book.InForceAt(99)!;
        Assert.Same(epoch, book.InForceAt(0));
        Assert.Equal((0, pts0, 1_000L), (epoch.Seq0, epoch.Pts0Ns, epoch.ClockTime0Ns));
        foreach (var seq in new long[] { 0, 1, 37, 99 })
        {
            Assert.Equal(seq, epoch.Number(pts0 + (seq * Period)));
        }

        Assert.Null(new EpochBook(Period).InForceAt(0));
    }

    [Fact]
    public void A_timestamp_jump_or_numbers_taken_by_repeats_start_a_new_epoch_at_the_next_picture()
    {
        var book = new EpochBook(Period);
        for (long seq = 0; seq < 10; seq++)
        {
            book.Observe(seq, seq * Period, seq);
        }

        // the input stalled: the intake inserted repeats 10..14, and the source went on where it was
        for (long seq = 15; seq < 20; seq++)
        {
            book.Observe(seq, (seq - 5) * Period, seq);
        }

        // the source restarted at timestamp 0 (a new stream)
        for (long seq = 20; seq < 25; seq++)
        {
            book.Observe(seq, (seq - 20) * Period, seq);
        }

        Assert.Equal(0, book.InForceAt(14)!.Seq0); // the repeats lie in the epoch before
        var afterStall = book.InForceAt(15)!;
        Assert.Equal((15L, 10 * Period), (afterStall.Seq0, afterStall.Pts0Ns));
        Assert.Equal(19, afterStall.Number(14 * Period));
        var restarted = book.InForceAt(24)!;
        Assert.Equal((20L, 0L), (restarted.Seq0, restarted.Pts0Ns));
        Assert.Equal(22, restarted.Number(2 * Period));
        Assert.True(restarted.Number(-Period) < restarted.Seq0); // a picture before the epoch numbers below it: a node drops it
    }

    [Theory]
    [InlineData("udp://239.255.10.1:5004", true)]
    [InlineData("rtp://224.0.0.251:5004", true)]
    [InlineData("udp://192.0.2.10:5004", false)]
    [InlineData("srt://239.255.10.1:5004", false)]
    [InlineData("/media/clip.mp4", false)]
    [InlineData("lavfi:testsrc2", false)]
    public void Only_a_udp_or_rtp_stream_to_a_multicast_group_counts_as_one_every_node_can_join(string input, bool multicast) =>
        Assert.Equal(multicast, NodeSourceCheck.IsMulticast(input));
}
