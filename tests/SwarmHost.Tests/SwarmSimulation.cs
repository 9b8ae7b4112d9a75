using SwarmHost.Abstractions;
using SwarmHost.Engine;
using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Tests;

/// <summary>
/// A deterministic stand-in for a live swarm, for policy tests: frames arrive one interval apart,
/// each encoder works through them one at a time at the times a function gives (refusing a frame
/// while it holds more than the budget covers, as the engine does live), a unit later than
/// arrival + budget is a miss, and slot n closes when every encoder delivered it or its deadline
/// passed. At each close the policy gets what the engine would measure — no wall clock involved.
/// </summary>
internal sealed class SwarmSimulation(double frameMs, double budgetMs, IReadOnlyList<string> encoders, Func<string, long, double> encodeMs, Func<long, double> complexity, Func<string, long, double>? psnr = null, Func<long, string>? contentType = null)
{
    /// <summary>What happened at one slot.</summary>
    public sealed record SlotResult(long Sequence, IReadOnlyDictionary<string, double> Normalised, IReadOnlyDictionary<string, bool> Missed, IReadOnlyDictionary<string, double> WeightsBefore, WeightingStep Step);

    public List<SlotResult> Run(IWeightingPolicy policy, int frames)
    {
        var finish = encoders.ToDictionary(e => e, e => Enumerable.Range(0, frames).Select(_ => 0.0).ToArray());
        var limit = (int)Math.Ceiling(budgetMs / frameMs) + 1; // as the engine's live queue limit: a frame offered to an encoder holding this many is refused
        foreach (var e in encoders)
        {
            var done = 0.0;
            for (var n = 0; n < frames; n++)
            {
                var arrival = n * frameMs;
                var held = Enumerable.Range(0, n).Count(k => finish[e][k] > arrival && !double.IsPositiveInfinity(finish[e][k]));
                if (held >= limit)
                {
                    finish[e][n] = double.PositiveInfinity;
                    continue;
                }

                done = Math.Max(done, arrival) + encodeMs(e, n);
                finish[e][n] = done;
            }
        }

        var results = new List<SlotResult>();
        var recentMs = encoders.ToDictionary(e => e, _ => new Queue<double>());
        var recentHits = encoders.ToDictionary(e => e, _ => new Queue<bool>());
        IReadOnlyDictionary<string, double> before = encoders.ToDictionary(e => e, _ => 1.0 / encoders.Count);
        for (var n = 0; n < frames; n++)
        {
            var arrival = n * frameMs;
            var deadline = arrival + budgetMs;
            var closes = encoders.Max(e => Math.Min(finish[e][n], deadline));
            var observations = new List<EncoderObservation>();
            var missed = new Dictionary<string, bool>();
            foreach (var e in encoders)
            {
                var onTime = finish[e][n] <= deadline;
                missed[e] = !onTime;
                var ms = encodeMs(e, n);
                recentMs[e].Enqueue(ms);
                recentHits[e].Enqueue(onTime);
                while (recentMs[e].Count > 30)
                {
                    recentMs[e].Dequeue();
                    recentHits[e].Dequeue();
                }

                var queued = Enumerable.Range(0, frames).Count(k => k * frameMs <= closes && finish[e][k] > closes && !double.IsPositiveInfinity(finish[e][k]));
                var quality = psnr?.Invoke(e, n) ?? double.NaN;
                observations.Add(new EncoderObservation(e, EncoderState.Active, 0, onTime, !onTime, onTime ? ms : double.NaN, onTime ? quality : double.NaN, queued, recentMs[e].Average(),
                    recentHits[e].Count(h => h) / (double)recentHits[e].Count, quality));
            }

            var upcoming = Enumerable.Range(n + 1, frames).TakeWhile(k => k < frames && k * frameMs <= closes).Select(k => Content(k)).ToList();
            var step = policy.Decide(new WeightingInput(n, frameMs, budgetMs, Content(n), upcoming, observations, RealTime: true));
            var normalised = SeedPolicy.Normalise(step.Weights);
            results.Add(new SlotResult(n, normalised, missed, before, step));
            before = normalised;
        }

        return results;
    }

    /// <summary>Frame n's content report; with a content type, its probability is 0.8 and the rest is shared by "other".</summary>
    public ContentReport Content(long n)
    {
        var metrics = new Dictionary<string, double> { [ContentMetrics.Complexity] = complexity(n), [ContentMetrics.EdgeDensity] = complexity(n) / 10 };
        if (contentType?.Invoke(n) is { } type)
        {
            metrics[ContentMetrics.ContentTypePrefix + type] = 0.8;
            metrics[ContentMetrics.ContentTypePrefix + "other"] = 0.2;
        }

        return new ContentReport(n, metrics);
    }
}
