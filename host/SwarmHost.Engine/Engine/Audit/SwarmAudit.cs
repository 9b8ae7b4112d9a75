using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Engine.Health;
using SwarmHost.Engine.Intake;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Output;
using SwarmHost.Manifest;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Audit;

/// <summary>
/// The run's figures, read from the stages that keep them: the live metrics snapshot, the progress
/// line and the summary at the end. It counts nothing itself, so the three always agree with each
/// other and with the written file. Coordinator thread only.
/// </summary>
/// <param name="encoders">The manifest's encoders, in manifest order.</param>
/// <param name="roster">The encoders' instances, tallies and weights.</param>
/// <param name="intake">Frames in, slots opened, repeats inserted.</param>
/// <param name="output">Frames written, duplicates, handovers.</param>
/// <param name="health">Hangs found.</param>
/// <param name="profile">The output profile.</param>
/// <param name="targetBitrate">An encoder id's target bitrate in bit/s, or <c>null</c>.</param>
internal sealed class SwarmAudit(IReadOnlyList<ComponentInstance> encoders, EncoderRoster roster, FrameIntake intake, OutputStage output, HealthMonitor health, OutputProfile profile, Func<string, double?> targetBitrate)
{
    private double FrameMs => profile.FrameRate.PeriodNanoseconds() / 1e6;

    private double Fps => (double)profile.FrameRate.Numerator / profile.FrameRate.Denominator;

    /// <summary>The figures for the metrics endpoint and the live view.</summary>
    public SwarmMetricsSnapshot Snapshot(ClockStatus clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var normalised = roster.Weights.Count == 0 ? [] : SeedPolicy.Normalise(roster.Weights);
        var figures = encoders.Where(e => roster.Contains(e.InstanceId)).Select(e =>
        {
            var worker = roster[e.InstanceId];
            var recent = roster.Tally(e.InstanceId).RecentPsnr;
            return new EncoderMetricsSnapshot(e.InstanceId, worker.State == EncoderState.Failed ? 0 : normalised.GetValueOrDefault(e.InstanceId), worker.RecentMeanMs, recent.Count == 0 ? double.NaN : recent.Average(), worker.State)
            {
                ResidentMb = worker.ResidentMb,
                CpuMs = worker.CpuMs,
            };
        }).ToList();
        return new SwarmMetricsSnapshot(intake.FramesIn, output.Written, output.Lost, intake.Inserted, output.Handovers, figures, clock.Source, clock.OffsetNs, clock.IsSynchronised, output.Leader);
    }

    /// <summary>One line of progress: frames in and out, speed, leader, handovers, and each encoder's state and weight.</summary>
    public string ProgressLine(double elapsedSeconds)
    {
        var states = string.Join(" ", roster.Current.Select(w => $"{w.Id}:{w.State.ToString().ToLowerInvariant()}:{roster.Weights.GetValueOrDefault(w.Id):F2}"));
        return string.Create(CultureInfo.InvariantCulture, $"{intake.FramesIn} frames in, {output.Written} out, {intake.FramesIn / Math.Max(0.001, elapsedSeconds):F1} fps, leader {output.Leader ?? "-"}, handovers {output.Handovers} | {states}");
    }

    /// <summary>The summary's counts and each encoder's figures; the caller adds what only it knows (input, output, clock, budget, error).</summary>
    /// <param name="run">The run's identity and settings: input, output, clock, latency budget, hang timeout, error, stop.</param>
    /// <param name="elapsedSeconds">Wall time of the run.</param>
    /// <param name="maxDelay">The largest encoder delay in frames.</param>
    /// <param name="analysis">The analyzers' summary.</param>
    public SwarmSummary Summarise(RunIdentity run, double elapsedSeconds, int maxDelay, AnalysisSummary analysis)
    {
        ArgumentNullException.ThrowIfNull(run);
        var figures = encoders.Select(e =>
        {
            var tally = roster.Tally(e.InstanceId);
            var worker = roster[e.InstanceId];
            return new EncoderSummary(e.InstanceId, worker.State, tally.Instances, tally.Failures, tally.LastFailure, tally.Used, tally.Bytes,
                Math.Round(worker.RecentMeanMs, 2), tally.Late, tally.Bad, tally.Missed,
                Math.Round(roster.Weights.GetValueOrDefault(e.InstanceId), 4), tally.Lead)
            {
                Feedback = tally.Feedback.Summarise(FrameMs, Fps, tally.RetiredCpuMs + worker.CpuMs, tally.RetiredCalls + worker.Calls, tally.RetiredQualityMs + worker.QualityMs, targetBitrate(e.InstanceId) / 1000) with { PeakRssMb = tally.PeakResidentMb(worker) },
                Nodes = tally.Nodes.Count == 0 ? null : [.. tally.Nodes],
                UnitLatencyMs = UnitLatency.Of(tally.UnitLatencyMs),
                NodeSource = NodeSourceSummary.Of(worker.Arrivals is { } current ? [.. tally.RetiredArrivals, current] : tally.RetiredArrivals),
            };
        }).ToList();
        var framesIn = intake.FramesIn;
        var slots = intake.Fed; // frames stamped by the reader but never fed (a stop) are not slots
        return new SwarmSummary(run.Input, run.Output, framesIn, output.Written, Math.Max(0, slots - output.Written), output.Duplicates, intake.Inserted,
            roster.Tallies.Values.Sum(t => t.Late), roster.Tallies.Values.Sum(t => t.Bad), output.Handovers,
            Math.Round(elapsedSeconds, 2), Math.Round(framesIn / Math.Max(0.001, elapsedSeconds), 1), run.Stopped, run.Error, run.Clock,
            run.LatencyBudgetMs, run.HangTimeoutMs, health.HangDetectionsMs, (int)output.CombinerHold + maxDelay, analysis, figures)
        {
            RepeatedFrames = output.Repeated,
            AbandonedThreads = roster.All.Count(w => w.Abandoned && w.CallStartedTicks != 0 && w.ProcessId == 0 && w.Node is null), // a process lane is killed, a remote one stopped by its node: neither leaves a thread behind
            HangLimitsMs = health.HangLimitsMs,
        };
    }
}
