using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Output;
using SwarmHost.Feedback;
using SwarmHost.Pipeline;

namespace SwarmHost.Tests;

/// <summary>The run's audit keeps its figures exact in memory that does not grow with the run's length.</summary>
public sealed class BoundedAuditTests
{
    [Fact]
    public void Quality_samples_give_the_exact_mean_and_nearest_rank_percentile_at_the_reported_precision()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Round(25 + (random.NextDouble() * 20), 3)).ToList();
        var samples = QualitySamples.Psnr();
        foreach (var value in values)
        {
            samples.Add(value);
        }

        samples.Add(double.NaN);
        samples.Add(double.PositiveInfinity);
        var sorted = values.Order().ToList();
        Assert.Equal(values.Count, samples.Count);
        Assert.Equal(values.Average(), samples.Mean, 9);
        foreach (var fraction in new[] { 0.0, 0.05, 0.5, 0.95, 1.0 })
        {
            Assert.Equal(SortedSamples.NearestRank(sorted, fraction), samples.NearestRank(fraction), 9);
        }
    }

    [Fact]
    public void Quality_samples_of_a_long_run_hold_one_entry_per_distinct_value_not_one_per_frame()
    {
        var samples = QualitySamples.Ssim();
        var random = new Random(9);
        for (var frame = 0; frame < 1_000_000; frame++)
        {
            samples.Add(0.95 + (random.NextDouble() * 0.01));
        }

        Assert.Equal(1_000_000, samples.Count);
        Assert.InRange(samples.DistinctValues, 900, 1_001); // 0.95..0.96 at 0.00001
        var copy = samples.Copy();
        copy.Add(0.5);
        Assert.Equal(1_000_000, samples.Count);
        Assert.Equal(1_000_001, copy.Count);
    }

    [Fact]
    public void The_output_audit_counts_written_lost_and_duplicate_slots_in_any_order()
    {
        using var events = new EventLog(null);
        var sink = new CountingSink();
        var roster = new EncoderRoster();
        var output = new OutputStage(sink, null, roster, new EncoderFrameLog(30), events) { Planned = new HandoverPlan(roster, 30, new Dictionary<long, string>()) };
        output.Write(Units(0, 1, 2, 5, 4));
        Assert.Equal(5, output.Written);
        Assert.Equal(1, output.Lost); // 3 is missing below the highest written slot
        output.Write(Units(3, 4, 9));
        Assert.Equal(1, output.Duplicates);
        Assert.Equal(7, output.Written);
        Assert.Equal(3, output.Lost); // 6, 7, 8
        output.Write(Units(7, 0));
        Assert.Equal(2, output.Duplicates);
        Assert.Equal(8, output.Written);
        Assert.Equal(2, output.Lost);
        Assert.Equal(8, sink.Written.Count);
        Assert.Equal(sink.Written.Count, sink.Written.Distinct().Count());
    }

    private static CombinerOutput Units(params long[] sequences) =>
        new([.. sequences.Select(s => new EncodedUnit("a", s, s, s, s == 0, new byte[] { 1 }, TimeSpan.Zero))], 0, "a");

    private sealed class CountingSink : IUnitSink
    {
        public List<long> Written { get; } = [];

        public string Description => "memory";

        public void Write(EncodedUnit unit) => Written.Add(unit.Sequence);

        public void Dispose()
        {
        }
    }
}
