using SwarmHost.Abstractions;
using SwarmHost.Engine;
using SwarmHost.Engine.Lanes;
using SwarmHost.Feedback;
using SwarmHost.Manifest;
using SwarmHost.Weighting;

namespace SwarmHost.Tests;

public sealed class WeightingPolicyTests
{
    private const double FrameMs = 1000.0 / 30;
    private static readonly string[] Ids = ["ramp", "steady", "quick"];

    [Fact]
    public void Recursive_least_squares_recovers_a_linear_law_and_follows_it_when_it_changes()
    {
        var model = new RecursiveLeastSquares(3, forgetting: 0.98, prior: 1000);
        for (var i = 0; i < 200; i++)
        {
            double[] x = [1, (i % 10) / 10.0, (i % 7) / 7.0];
            model.Update(x, 5 + (20 * x[1]) - (3 * x[2]));
        }

        Assert.Equal(5, model.Coefficients[0], 2);
        Assert.Equal(20, model.Coefficients[1], 2);
        Assert.Equal(-3, model.Coefficients[2], 2);

        for (var i = 0; i < 300; i++)
        {
            double[] x = [1, (i % 10) / 10.0, (i % 7) / 7.0];
            model.Update(x, 10 + (40 * x[1]));
        }

        Assert.Equal(10 + (40 * 0.5), model.Predict([1, 0.5, 0.3]), 1);
    }

    [Fact]
    public void Residual_trend_extrapolates_a_ramp()
    {
        var trend = new ResidualTrend();
        for (var i = 0; i < 60; i++)
        {
            trend.Add(2.0 * i);
        }

        Assert.InRange(trend.At(10), 2.0 * 69 * 0.9, 2.0 * 69 * 1.1);
    }

    [Fact]
    public void Seed_weighting_applies_the_seed_rule_with_measured_performance()
    {
        var policy = new SeedWeighting(0.25);
        var content = new ContentReport(0, new Dictionary<string, double> { [ContentMetrics.Complexity] = 0.5 });
        EncoderObservation Observation(string id) => new(id, EncoderState.Active, 0, true, false, 5, double.NaN, 1, 5, 1, double.NaN);
        var step = policy.Decide(new WeightingInput(0, FrameMs, 250, content, [], [Observation("a"), Observation("b"), Observation("c"), Observation("d"), Observation("e")], RealTime: true));

        // w = 1/5, performance 1 (keeps up, all delivered, quality unknown): predicted 0.65; 0.2 + 0.45 × 0.25
        Assert.Equal(0.3125, step.Weights["a"], 10);
    }

    [Fact]
    public void Fed_a_slow_ramp_the_predictive_weight_falls_below_the_others_before_the_first_missed_deadline()
    {
        // chaos 'slow' from frame 60 on with a 1.5 ms step; the others steady; constant content: only the encoder's own trend warns
        var simulation = new SwarmSimulation(FrameMs, 250, Ids, (id, n) => id switch
        {
            "ramp" => 8 + (n >= 60 ? (n - 60 + 1) * 1.5 : 0),
            "steady" => 12,
            _ => 4,
        }, _ => 0.5);
        var predictive = simulation.Run(new PredictiveWeighting(WeightingSettings.Default with { Policy = WeightingPolicy.Predictive }, 30), 200);
        var firstMiss = predictive.First(r => r.Missed["ramp"]).Sequence;
        Assert.InRange(firstMiss, 70, 199);

        var before = predictive[(int)firstMiss].WeightsBefore;
        Assert.True(before["ramp"] < before["steady"] && before["ramp"] < before["quick"], $"at the first miss (slot {firstMiss}) the weights were {Describe(before)}");
        var fell = predictive.First(r => r.Normalised["ramp"] < Math.Min(r.Normalised["steady"], r.Normalised["quick"])).Sequence;
        Assert.True(fell < firstMiss, $"the ramp's weight fell below the others at {fell}, the first miss was at {firstMiss}");

        // the reactive baseline, same stats: only moves after the miss
        var reactive = simulation.Run(new ReactiveWeighting(0.2, 0.1, 30, 30), 200);
        Assert.Equal(firstMiss, reactive.First(r => r.Missed["ramp"]).Sequence);
        Assert.All(reactive.Take((int)firstMiss), r => Assert.Equal(1.0 / 3, r.Normalised["ramp"], 10));
        Assert.True(reactive[(int)firstMiss + 1].Normalised["ramp"] < 1.0 / 3);
    }

    [Fact]
    public void Predictive_policy_hands_over_before_a_busy_passage_the_slow_encoder_cannot_keep_up_with()
    {
        // content alternates calm (complexity 0.2) and busy (0.8) every 90 frames; 'ramp' is the high-quality encoder: 10 ms calm, 60 ms busy
        static double Complexity(long n) => (n / 90) % 2 == 1 ? 0.8 : 0.2;
        var simulation = new SwarmSimulation(FrameMs, 250, Ids,
            (id, n) => id == "ramp" ? 10 + (Complexity(n) > 0.5 ? 50 : 0) : id == "steady" ? 15 : 4,
            Complexity,
            (id, n) => id == "ramp" ? 44 : id == "steady" ? 40 : 36);
        var predictive = simulation.Run(new PredictiveWeighting(WeightingSettings.Default with { Policy = WeightingPolicy.Predictive }, 30), 540);
        var reactive = simulation.Run(new ReactiveWeighting(0.2, 0.1, 30, 30), 540);

        static long LeaderMisses(List<SwarmSimulation.SlotResult> run) => run.Count(r => r.Missed[r.WeightsBefore.MaxBy(p => p.Value).Key]);
        Assert.True(LeaderMisses(predictive) < LeaderMisses(reactive), $"leader misses: predictive {LeaderMisses(predictive)}, reactive {LeaderMisses(reactive)}");

        // after the first busy passage (learnt), the later ones are handed over before the first miss, and calm passages go back to the best quality
        foreach (var start in new[] { 270, 450 })
        {
            var miss = predictive.First(r => r.Sequence >= start && r.Missed["ramp"]).Sequence;
            Assert.NotEqual("ramp", predictive[(int)miss].WeightsBefore.MaxBy(p => p.Value).Key);
        }

        Assert.Equal("ramp", predictive[260].WeightsBefore.MaxBy(p => p.Value).Key);
    }

    [Fact]
    public void Predictive_policy_prefers_per_content_type_the_encoder_that_does_better_on_it()
    {
        // quality depends only on the content type, which alternates every 100 frames; complexity never changes
        static string Type(long n) => (n / 100) % 2 == 0 ? "sports" : "animation";
        static double Psnr(string id, long n) => (id, Type(n)) switch { ("ramp", "sports") => 41, ("ramp", _) => 37, ("steady", "sports") => 37, ("steady", _) => 41, _ => 35 };
        var typed = new SwarmSimulation(FrameMs, 250, Ids, (_, _) => 5, _ => 0.5, Psnr, Type);
        var untyped = new SwarmSimulation(FrameMs, 250, Ids, (_, _) => 5, _ => 0.5, Psnr);
        static double Followed(List<SwarmSimulation.SlotResult> run) =>
            run.Skip(200).Average(r => r.WeightsBefore.MaxBy(p => p.Value).Key == (Type(r.Sequence) == "sports" ? "ramp" : "steady") ? 1.0 : 0.0);

        var withTypes = Followed(typed.Run(new PredictiveWeighting(WeightingSettings.Default with { Policy = WeightingPolicy.Predictive }, 30), 800));
        var withoutTypes = Followed(untyped.Run(new PredictiveWeighting(WeightingSettings.Default with { Policy = WeightingPolicy.Predictive }, 30), 800));

        // once each type has been seen, the better encoder takes the lead within a few slots of a change of type (the weights drift at most maxStep a slot)
        Assert.True(withTypes >= 0.9, $"the better encoder for the type led {withTypes:P1} of the slots after the first two passages (without types: {withoutTypes:P1})");
        Assert.True(withoutTypes < withTypes - 0.05, $"without content types it led {withoutTypes:P1} (with: {withTypes:P1}): the types must be what made the difference");
    }

    [Fact]
    public void Predictive_policy_drops_an_encoder_forecast_below_the_quality_floor()
    {
        // a low-bitrate encoder: good on simple content, collapsing as complexity rises
        static double Complexity(long n) => Math.Min(0.9, 0.1 + (n / 300.0));
        var simulation = new SwarmSimulation(FrameMs, 250, Ids, (_, _) => 5, Complexity, (id, n) => id == "ramp" ? 46 - (25 * Complexity(n)) : 38);
        var run = simulation.Run(new PredictiveWeighting(WeightingSettings.Default with { Policy = WeightingPolicy.Predictive, QualityFloorDb = 30 }, 30), 240);
        var breach = run.First(r => 46 - (25 * Complexity(r.Sequence)) < 30).Sequence;
        Assert.Equal("ramp", run[60].WeightsBefore.MaxBy(p => p.Value).Key);
        Assert.NotEqual("ramp", run[(int)breach].WeightsBefore.MaxBy(p => p.Value).Key);
    }

    [Fact]
    public void Reactive_policy_halves_after_a_miss_and_recovers_after_a_clean_gop()
    {
        var policy = new ReactiveWeighting(rate: 0.5, maxStep: 1, gop: 2, qualityFloorDb: 30);
        var content = new ContentReport(0, new Dictionary<string, double>());
        EncoderObservation Observation(string id, bool missed) => new(id, EncoderState.Active, 0, !missed, missed, 5, double.NaN, 1, 5, 1, double.NaN);
        WeightingStep Decide(bool missed) => policy.Decide(new WeightingInput(0, FrameMs, 250, content, [], [Observation("a", missed), Observation("b", false)], RealTime: true));

        Assert.Equal(0.5, Decide(false).Weights["a"], 10);
        Assert.Equal(0.25, Decide(true).Weights["a"], 10);
        Assert.Equal(0.25, Decide(false).Weights["a"], 10);
        Assert.Equal(0.375, Decide(false).Weights["a"], 10);
    }

    [Fact]
    public void Handover_audit_counts_misses_of_the_leader_and_lead_times()
    {
        var audit = new HandoverAudit("predictive", gop: 10, horizon: 10, qualityFloorDb: 30);
        EncoderObservation Observation(string id, bool missed, double psnr = 40) => new(id, EncoderState.Active, 0, !missed, missed, 5, psnr, 0, 5, 1, psnr);
        for (var n = 0; n < 60; n++)
        {
            var leader = n < 20 ? "a" : n < 45 ? "b" : "a";
            audit.Record(n, leader, [Observation("a", n is >= 25 and < 30), Observation("b", n == 50)]);
        }

        var summary = audit.Summarise();
        Assert.Equal(0, summary.MissedDeadlines);
        Assert.Equal(2, summary.PolicyHandovers);
        Assert.Equal(2, summary.Episodes.Count);
        var episode = summary.Episodes[0];
        Assert.Equal(("a", 25L, 5, 6), (episode.Encoder, episode.Sequence, episode.Slots, episode.LeadFrames!.Value));
        Assert.Equal(("b", 50L, 6), (summary.Episodes[1].Encoder, summary.Episodes[1].Sequence, summary.Episodes[1].LeadFrames!.Value));
        Assert.Equal(2, summary.HandedOverBefore);

        var late = new HandoverAudit("reactive", gop: 10, horizon: 10, qualityFloorDb: 30);
        for (var n = 0; n < 30; n++)
        {
            late.Record(n, n <= 21 ? "a" : "b", [Observation("a", n is 20 or 21), Observation("b", false, n == 25 ? 20 : 40)]);
        }

        var reactive = late.Summarise();
        Assert.Equal(2, reactive.MissedDeadlines);
        Assert.Equal(1, reactive.QualityBreaches);
        Assert.Null(reactive.Episodes.Single(e => e.Encoder == "a").LeadFrames);
        Assert.Equal(0, reactive.HandedOverBefore);
    }

    [Fact]
    public void Oracle_takes_each_gop_from_the_best_encoder_that_delivered_it_whole()
    {
        var log = new EncoderFrameLog(gop: 3);
        for (var n = 0; n < 6; n++)
        {
            log.Record(n, "a", delivered: n != 4, psnr: 40, ssim: 0.95);
            log.Record(n, "b", delivered: true, psnr: 35, ssim: 0.9);
        }

        var oracle = log.Oracle();
        Assert.Equal(0, oracle.MissedDeadlines);
        Assert.Equal(6, oracle.Quality.Frames);
        Assert.Equal(37.5, oracle.Quality.MeanPsnr, 6);
        Assert.Equal(35, oracle.Quality.P5Psnr, 6);
    }

    [Fact]
    public void Oracle_counts_the_gops_the_output_took_from_the_encoder_it_would_have_taken()
    {
        var log = new EncoderFrameLog(gop: 3);
        for (var n = 0; n < 12; n++)
        {
            var gop = n / 3;
            log.Record(n, "a", delivered: true, psnr: gop % 2 == 0 ? 40 : 30, ssim: 0.95);
            log.Record(n, "b", delivered: true, psnr: 35, ssim: 0.9);
        }

        // The output lags the measurements: GOPs 0 and 1 from the better one; GOP 2 mostly from the
        // worse one (two of three slots); GOP 3 from the better one.
        string[] taken = ["a", "a", "a", "b", "b", "b", "a", "b", "b", "b", "b", "b"];
        for (var n = 0; n < 12; n++)
        {
            log.RecordOutput(n, taken[n]);
        }

        var oracle = log.Oracle();
        Assert.Equal(4, oracle.OutputGops);
        Assert.Equal(3, oracle.TakenAsOracle);
        Assert.Equal(12, oracle.Quality.Frames);
        Assert.Equal(37.5, oracle.Quality.MeanPsnr, 6);
    }

    [Fact]
    public void Quality_figures_use_the_nearest_rank_percentile_and_skip_unmeasured_frames()
    {
        var figures = QualityFigures.Of([.. Enumerable.Range(1, 100).Select(i => (double)i), double.NaN], [0.5, double.NaN]);
        Assert.Equal(100, figures.Frames);
        Assert.Equal(5, figures.P5Psnr);
        Assert.Equal(50.5, figures.MeanPsnr, 6);
        Assert.Equal(0.5, figures.MeanSsim, 6);
    }

    private static string Describe(IReadOnlyDictionary<string, double> weights) => string.Join(", ", weights.Select(p => $"{p.Key} {p.Value:F3}"));
}
