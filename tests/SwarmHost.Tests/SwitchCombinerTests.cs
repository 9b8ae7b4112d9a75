using SwarmHost.Abstractions;
using SwarmHost.Combiners.Switch;

namespace SwarmHost.Tests;

/// <summary>The switching combiner on hand-made units: whole GOPs, hysteresis, a leader failing mid-GOP, one continuous timeline.</summary>
public sealed class SwitchCombinerTests
{
    private const int Gop = 4;
    private const long FrameNs = 40_000_000;
    private static readonly OutputProfile Profile = new("h264", 64, 64, new Rational(25, 1), Gop);

    private static EncodedUnit Unit(string encoder, long sequence) =>
        new(encoder, sequence, sequence * FrameNs, sequence * FrameNs, sequence % Gop == 0, new byte[] { 0, 0, 1, (byte)sequence }, TimeSpan.Zero);

    private static CombinerSlot Slot(long sequence, IEnumerable<string> delivering, Dictionary<string, double> weights) =>
        new(sequence, sequence * FrameNs, delivering.ToDictionary(e => e, e => Unit(e, sequence)), weights, new ContentReport(sequence, new Dictionary<string, double>()));

    private static List<CombinerOutput> Run(SwitchCombiner combiner, int slots, Func<long, string[]> delivering, Func<long, Dictionary<string, double>> weights)
    {
        combiner.Open(Profile, new Dictionary<string, EncoderSession>());
        var outputs = Enumerable.Range(0, slots).Select(s => combiner.Combine(Slot(s, delivering(s), weights(s)))).ToList();
        outputs.Add(combiner.Flush());
        return outputs;
    }

    [Fact]
    public void Whole_gops_come_from_the_best_encoder_and_hysteresis_keeps_the_leader()
    {
        using var combiner = new SwitchCombiner(0.1);
        var outputs = Run(combiner, 12, _ => ["a", "b"], s => s < 4 ? new() { ["a"] = 0.6, ["b"] = 0.4 } : s < 8 ? new() { ["a"] = 0.47, ["b"] = 0.53 } : new() { ["a"] = 0.3, ["b"] = 0.7 });
        var units = outputs.SelectMany(o => o.Units).ToList();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), units.Select(u => u.Sequence));
        Assert.Equal(["a", "a", "a", "a", "a", "a", "a", "a", "b", "b", "b", "b"], units.Select(u => u.EncoderId));
        Assert.All(outputs.Take(3), o => Assert.Empty(o.Units)); // a GOP is held until complete
    }

    [Fact]
    public void A_leader_that_fails_mid_gop_is_replaced_by_the_same_gop_from_another_encoder()
    {
        using var combiner = new SwitchCombiner(0.05);
        var outputs = Run(combiner, 12, s => s is >= 5 ? ["b"] : ["a", "b"], s => s < 5 ? new() { ["a"] = 0.8, ["b"] = 0.2 } : new() { ["b"] = 1.0 });
        var units = outputs.SelectMany(o => o.Units).ToList();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), units.Select(u => u.Sequence));
        Assert.Equal("a", units[3].EncoderId);
        Assert.All(units.Skip(4), u => Assert.Equal("b", u.EncoderId));
        Assert.All(outputs, o => Assert.Equal(0, o.InsertedFrames));
    }

    [Fact]
    public void Timestamps_form_one_continuous_timeline_with_dts_rising_and_never_above_pts()
    {
        using var combiner = new SwitchCombiner(0);
        var units = Run(combiner, 10, _ => ["a"], _ => new() { ["a"] = 1 }).SelectMany(o => o.Units).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * FrameNs), units.Select(u => u.PtsNs));
        Assert.True(units.Zip(units.Skip(1)).All(p => p.Second.DtsNs > p.First.DtsNs));
        Assert.All(units, u => Assert.True(u.DtsNs <= u.PtsNs));
    }

    [Fact]
    public void A_switch_to_a_reordering_encoder_that_missed_the_first_gop_keeps_dts_at_or_below_pts()
    {
        // 'b' uses B-frames (decode order I P B B) and delivered nothing in the first GOP (still joining);
        // 'a' (no reordering) carries GOP 0 and then stops. The timeline must allow for b's reordering from the start.
        using var combiner = new SwitchCombiner(0);
        combiner.Open(Profile, new Dictionary<string, EncoderSession>
        {
            ["a"] = new("libx264", 64, 64, 0, KeyframeControl.PerFrame, ReadOnlyMemory<byte>.Empty),
            ["b"] = new("libx264", 64, 64, 2, KeyframeControl.PerFrame, ReadOnlyMemory<byte>.Empty),
        });
        EncodedUnit Reordered(long sequence, long decodePosition) =>
            new("b", sequence, sequence * FrameNs, (decodePosition - 2) * FrameNs, sequence % Gop == 0, new byte[] { 0, 0, 1, (byte)sequence }, TimeSpan.Zero);
        var decodePositionOfGop1 = new Dictionary<long, long> { [4] = 4, [7] = 5, [5] = 6, [6] = 7 };
        var outputs = new List<CombinerOutput>();
        for (long seq = 0; seq < 8; seq++)
        {
            var units = seq < Gop
                ? new Dictionary<string, EncodedUnit> { ["a"] = Unit("a", seq) }
                : new Dictionary<string, EncodedUnit> { ["b"] = Reordered(seq, decodePositionOfGop1[seq]) };
            outputs.Add(combiner.Combine(new CombinerSlot(seq, seq * FrameNs, units, seq < Gop ? new Dictionary<string, double> { ["a"] = 1 } : new Dictionary<string, double> { ["b"] = 1 }, new ContentReport(seq, new Dictionary<string, double>()))));
        }

        var written = outputs.SelectMany(o => o.Units).ToList();
        Assert.Equal([0L, 1, 2, 3, 4, 7, 5, 6], written.Select(u => u.Sequence));
        Assert.True(written.Zip(written.Skip(1)).All(p => p.Second.DtsNs > p.First.DtsNs));
        Assert.All(written, u => Assert.True(u.DtsNs <= u.PtsNs, $"frame {u.Sequence}: DTS {u.DtsNs} above PTS {u.PtsNs}"));
    }

    [Fact]
    public void When_no_gop_is_complete_the_longest_run_from_a_keyframe_is_written()
    {
        using var combiner = new SwitchCombiner(0);
        var units = Run(combiner, 4, s => s < 2 ? ["a", "b"] : s < 3 ? ["b"] : [], _ => new() { ["a"] = 0.9, ["b"] = 0.1 }).SelectMany(o => o.Units).ToList();

        Assert.Equal([0L, 1, 2], units.Select(u => u.Sequence));
        Assert.All(units, u => Assert.Equal("b", u.EncoderId));
    }
}
