using SwarmHost.Abstractions;
using SwarmHost.Combiners.Switch;

namespace SwarmHost.Tests;

/// <summary>
/// The switching combiner without its GOP hold on hand-made units: units go out as soon as decode
/// order allows (a B-frame after the P-frame it follows), a planned handover is honoured even on a
/// GOP boundary where the weights favour another encoder, and the timeline stays continuous.
/// </summary>
public sealed class LowLatencySwitchUnitTests
{
    private const int Gop = 6;
    private const long FrameNs = 40_000_000;
    private static readonly OutputProfile Profile = new("h264", 64, 64, new Rational(25, 1), Gop);
    private static readonly string[] Three = ["a", "b", "c"];
    private static readonly string[] Two = ["a", "b"];

    /// <summary>Encoder <paramref name="encoder"/>'s unit of frame <paramref name="sequence"/>, decoded after frame <paramref name="decodeFrame"/>'s time (its DTS).</summary>
    private static EncodedUnit Unit(string encoder, long sequence, long decodeFrame, bool keyframe) =>
        new(encoder, sequence, sequence * FrameNs, decodeFrame * FrameNs, keyframe, new byte[] { 0, 0, 1, (byte)sequence }, TimeSpan.Zero);

    private static CombinerSlot Slot(long sequence, Dictionary<string, EncodedUnit> units, Dictionary<string, double> weights, string? switchTo = null) =>
        new(sequence, sequence * FrameNs, units, weights, new ContentReport(sequence, new Dictionary<string, double>())) { SwitchTo = switchTo };

    [Fact]
    public void A_b_frame_waits_only_for_the_p_frame_it_follows_in_decode_order()
    {
        // decode order I0 P2 B1 I3 P5 B4: B1 (slot 1) goes out once P2 (slot 2) has been seen; DTS lags PTS by one frame
        var decodeFrame = new Dictionary<long, long> { [0] = -1, [2] = 0, [1] = 1, [3] = 2, [5] = 3, [4] = 4 };
        using var combiner = new LowLatencySwitch(0.05);
        combiner.Open(Profile, new Dictionary<string, EncoderSession>());
        var written = new List<List<long>>();
        for (long seq = 0; seq < 6; seq++)
        {
            var output = combiner.Combine(Slot(seq, new() { ["a"] = Unit("a", seq, decodeFrame[seq], seq is 0 or 3) }, new() { ["a"] = 1 }));
            written.Add([.. output.Units.Select(u => u.Sequence)]);
        }

        Assert.Equal(new List<long>[] { [0], [], [2, 1], [3], [], [5, 4] }, written);
    }

    [Fact]
    public void A_planned_handover_is_made_at_its_frame_even_on_a_gop_boundary_where_the_weights_favour_another()
    {
        using var combiner = new LowLatencySwitch(0);
        combiner.Open(Profile, new Dictionary<string, EncoderSession>());
        var weights = new Dictionary<string, double> { ["a"] = 0.6, ["b"] = 0.3, ["c"] = 0.1 };
        var units = new List<EncodedUnit>();
        for (long seq = 0; seq < 18; seq++)
        {
            var planned = seq switch { 6 => "b", 9 => "c", _ => null };
            var slot = Three.ToDictionary(e => e, e => Unit(e, seq, seq, seq % Gop == 0 || seq == 9)); // every encoder was asked for a keyframe at 9
            units.AddRange(combiner.Combine(Slot(seq, slot, weights, planned)).Units);
        }

        units.AddRange(combiner.Flush().Units);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (long)i), units.Select(u => u.Sequence));
        Assert.Equal([.. Enumerable.Repeat("a", 6), .. Enumerable.Repeat("b", 3), .. Enumerable.Repeat("c", 3), .. Enumerable.Repeat("a", 6)], units.Select(u => u.EncoderId)); // back to the heaviest at the next boundary
        Assert.Equal(Enumerable.Range(0, 18).Select(i => i * FrameNs), units.Select(u => u.DtsNs));
        Assert.All(units, u => Assert.True(u.DtsNs <= u.PtsNs));
    }

    [Fact]
    public void A_leader_that_misses_a_frame_hands_over_at_the_next_keyframe_of_another_and_writes_nothing_after_its_gap()
    {
        using var combiner = new LowLatencySwitch(0.05);
        combiner.Open(Profile, new Dictionary<string, EncoderSession>());
        var units = new List<EncodedUnit>();
        for (long seq = 0; seq < 12; seq++)
        {
            var slot = Two.Where(e => e != "a" || seq != 3).ToDictionary(e => e, e => Unit(e, seq, seq, seq % Gop == 0)); // 'a' never delivers frame 3
            units.AddRange(combiner.Combine(Slot(seq, slot, new() { ["a"] = 0.7, ["b"] = 0.3 })).Units);
        }

        units.AddRange(combiner.Flush().Units);
        Assert.Equal([0L, 1, 2, 6, 7, 8, 9, 10, 11], units.Select(u => u.Sequence)); // 3–5 lost: b's next keyframe is 6
        Assert.Equal(["a", "a", "a", "b", "b", "b", "b", "b", "b"], units.Select(u => u.EncoderId));
        Assert.True(units.Zip(units.Skip(1)).All(p => p.Second.DtsNs > p.First.DtsNs));
    }
}
