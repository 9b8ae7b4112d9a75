using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Slots;
using SwarmHost.Feedback;
using SwarmHost.Weighting;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Weights;

/// <summary>
/// The weighting stage: at each slot's closing it records what the swarm measured of every live
/// encoder (for the feedback figures, the handover audit and the oracle), asks the policy for the
/// weights of the slot, plans a handover at each change of the policy's leader, and writes the
/// <c>weights</c>, <c>lead-change</c> and <c>handover-start</c> events. Coordinator thread only.
/// </summary>
/// <param name="policy">The weighting policy.</param>
/// <param name="audit">The handover audit (what the policy's leader did next).</param>
/// <param name="frameLog">Every encoder's per-frame delivery and quality (for the oracle).</param>
/// <param name="roster">The encoders (their weights are stored in it).</param>
/// <param name="slots">The slot book (what is coming, for a policy that looks ahead).</param>
/// <param name="events">The run's events.</param>
/// <param name="frameMs">The frame interval.</param>
/// <param name="budgetMs">The latency budget.</param>
/// <param name="live">Whether the input is live.</param>
/// <param name="plan">Where each leader change of the policy is planned.</param>
/// <param name="leaderMargin">The normalised weight another encoder needs above the leader to take the lead.</param>
/// <param name="dwellFrames">Frames the lead stays after a change, unless the leader fails or loses all weight.</param>
internal sealed class WeightingStage(IWeightingPolicy policy, HandoverAudit audit, EncoderFrameLog frameLog, EncoderRoster roster, SlotBook slots, EventLog events, double frameMs, double budgetMs, bool live, HandoverPlan plan, double leaderMargin, int dwellFrames)
{
    private string? _leader;
    private string? _byWeight;
    private long _ledSince = long.MinValue / 2;

    /// <summary>Measures every live encoder at <paramref name="slot"/>'s closing and sets the weights.</summary>
    /// <returns>The weights of the live encoders, normalised to sum to 1 (empty when none is live).</returns>
    public Dictionary<string, double> Decide(Slot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var encoders = roster.Live;
        var observations = encoders.Select(worker => Observe(worker, slot)).ToList();
        var movedFrom = audit.Record(slot.Sequence, _byWeight, observations);
        if (movedFrom is not null)
        {
            events.Write(new LeadChangeEvent(movedFrom, _byWeight, policy.Name) { Sequence = slot.Sequence });
        }

        var step = encoders.Count == 0 ? new WeightingStep(new Dictionary<string, double>(), new Dictionary<string, EncoderForecast>())
            : policy.Decide(new WeightingInput(slot.Sequence, frameMs, budgetMs, slot.Content, slots.Upcoming(), observations, live));
        roster.Weights.Clear();
        foreach (var worker in encoders)
        {
            roster.Weights[worker.Id] = step.Weights.GetValueOrDefault(worker.Id);
        }

        var normalised = encoders.Count == 0 ? [] : SeedPolicy.Normalise(roster.Weights);
        var best = encoders.Select(w => w.Id).Where(normalised.ContainsKey).DefaultIfEmpty().MaxBy(id => id is null ? 0 : normalised[id]);
        var dwelling = slot.Sequence - _ledSince < dwellFrames;
        var leader = _leader is not null && best is not null && normalised.TryGetValue(_leader, out var held) && held > 0 && (dwelling || normalised[best] <= held + leaderMargin) ? _leader : best;
        if (leader != _leader && leader is not null && _leader is not null)
        {
            _ledSince = slot.Sequence;
            var at = plan.Plan(leader, slot.Sequence, _leader);
            var why = step.Forecasts.GetValueOrDefault(_leader);
            events.Write(new HandoverStartEvent(_leader, leader, at, policy.Name, why?.MissInFrames, why is null ? null : Math.Round(why.EncodeMs, 2), why is null ? null : Math.Round(why.Psnr, 2), why?.BelowFloor) { Sequence = slot.Sequence });
        }

        (_leader, _byWeight) = (leader, best);
        WriteWeights(slot, normalised, best, step);
        return normalised;
    }

    private void WriteWeights(Slot slot, Dictionary<string, double> normalised, string? leader, WeightingStep step) =>
        events.Write(new WeightsEvent(
            Math.Round(slot.Content.Get(ContentMetrics.Complexity, 0), 4),
            slot.Content.Metrics.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4), StringComparer.Ordinal),
            normalised.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4), StringComparer.Ordinal),
            leader,
            step.Forecasts.Count == 0 ? null : step.Forecasts.ToDictionary(p => p.Key, p => new ForecastFields(Math.Round(p.Value.EncodeMs, 2), Math.Round(p.Value.Psnr, 2), p.Value.MissInFrames, Math.Round(p.Value.Target, 4)), StringComparer.Ordinal))
        {
            Sequence = slot.Sequence,
        });

    /// <summary>What the swarm measured of <paramref name="worker"/> at <paramref name="slot"/>'s closing, recorded for the feedback figures and handed to the policy.</summary>
    private EncoderObservation Observe(IEncoderLane worker, Slot slot)
    {
        var tally = roster.Tally(worker.Id);
        var expected = slot.Expected.Contains(worker);
        var delivered = slot.Units.TryGetValue(worker.Id, out var unit);
        var (psnr, ssim) = slot.Quality.TryGetValue(worker.Id, out var quality) ? quality : (double.NaN, double.NaN);
        var encodeMs = worker.TakeCallMs(slot.Sequence);
        var depth = worker.QueueDepth;
        if (expected)
        {
            tally.Feedback.Add(delivered, encodeMs, unit?.Data.Length ?? 0, psnr, ssim, depth);
            frameLog.Record(slot.Sequence, worker.Id, delivered, psnr, ssim);
        }

        if (double.IsFinite(psnr))
        {
            tally.RecentPsnr.Enqueue(psnr);
            while (tally.RecentPsnr.Count > 30)
            {
                tally.RecentPsnr.Dequeue();
            }
        }

        var share = tally.Recent.Count == 0 ? 1 : tally.Recent.Count(hit => hit) / (double)tally.Recent.Count;
        var recentPsnr = tally.RecentPsnr.Count == 0 ? double.NaN : tally.RecentPsnr.Average();
        return new EncoderObservation(worker.Id, worker.State, worker.Session?.DelayFrames ?? 0, delivered, expected && !delivered, encodeMs, psnr, depth, worker.RecentMeanMs, share, recentPsnr);
    }
}
