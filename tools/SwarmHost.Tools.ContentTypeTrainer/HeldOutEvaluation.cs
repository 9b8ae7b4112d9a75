using System.Globalization;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// What the analyzer would report on the held-out clips, worked out from the head's outputs at the
/// analyzer's cadence: each run's smoothed probabilities hold until the next run, so a run's verdict
/// counts for the frames it covers; a clip's verdict is the class most often on top over its frames
/// (the <c>dominantContentType</c> of <c>swarmhost analyze --json</c>).
/// </summary>
/// <param name="labels">The classes, in the model's order.</param>
/// <param name="every">The analyzer's cadence.</param>
public sealed class HeldOutEvaluation(IReadOnlyList<string> labels, int every)
{
    /// <summary>One clip's result at one smoothing.</summary>
    /// <param name="Clip">The clip's name.</param>
    /// <param name="Truth">Its class index.</param>
    /// <param name="FramesCalled">Per class: frames on which it was on top.</param>
    public sealed record ClipResult(string Clip, int Truth, int[] FramesCalled)
    {
        /// <summary>The clip's verdict: the class on top on most frames.</summary>
        public int Verdict => Array.IndexOf(FramesCalled, FramesCalled.Max());
    }

    /// <summary>Per-frame verdicts of one clip from its runs' class probabilities.</summary>
    /// <param name="clip">The clip's name.</param>
    /// <param name="truth">Its class index.</param>
    /// <param name="runs">The head's probabilities at each run (frames 0, every, …).</param>
    /// <param name="frames">The clip's frame count.</param>
    /// <param name="smoothing">Runs averaged (the analyzer's <c>smoothing</c>).</param>
    public ClipResult Clip(string clip, int truth, IReadOnlyList<float[]> runs, int frames, int smoothing)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var called = new int[labels.Count];
        for (var k = 0; k < runs.Count; k++)
        {
            var from = Math.Max(0, k - smoothing + 1);
            var mean = new double[labels.Count];
            for (var j = from; j <= k; j++)
            {
                for (var c = 0; c < labels.Count; c++)
                {
                    mean[c] += runs[j][c];
                }
            }

            var top = Array.IndexOf(mean, mean.Max());
            called[top] += Math.Min(every, frames - (k * every));
        }

        return new ClipResult(clip, truth, called);
    }

    /// <summary>Writes the per-class table (by frame and by clip), the per-clip lines and the confusion matrices.</summary>
    /// <returns>Per class: accuracy by frame and by clip, in percent.</returns>
    public IReadOnlyDictionary<string, (double ByFrame, double ByClip, int Clips)> Print(TextWriter log, IReadOnlyList<ClipResult> results, string title, bool perClip)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(results);
        var inv = CultureInfo.InvariantCulture;
        log.WriteLine(title);
        if (perClip)
        {
            foreach (var r in results)
            {
                var total = r.FramesCalled.Sum();
                var calls = string.Join(", ", labels.Select((l, i) => (l, n: r.FramesCalled[i])).Where(p => p.n > 0).OrderByDescending(p => p.n).Select(p => $"{p.l} {p.n}"));
                log.WriteLine(string.Create(inv, $"  {r.Clip,-24} {labels[r.Truth],-13} verdict {labels[r.Verdict],-13} {(r.Verdict == r.Truth ? "right" : "WRONG")}  frames {100.0 * r.FramesCalled[r.Truth] / Math.Max(1, total),5:F1} % right ({calls})"));
            }
        }

        var table = new Dictionary<string, (double, double, int)>(StringComparer.Ordinal);
        log.WriteLine($"  {"class",-13} {"by frame",9} {"by clip",9}  clips");
        for (var c = 0; c < labels.Count; c++)
        {
            var mine = results.Where(r => r.Truth == c).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var byFrame = 100.0 * mine.Sum(r => r.FramesCalled[c]) / mine.Sum(r => r.FramesCalled.Sum());
            var byClip = 100.0 * mine.Count(r => r.Verdict == c) / mine.Count;
            table[labels[c]] = (byFrame, byClip, mine.Count);
            log.WriteLine(string.Create(inv, $"  {labels[c],-13} {byFrame,7:F1} % {byClip,7:F1} %  {mine.Count}"));
        }

        Confusion(log, "  confusion by clip (rows: true class; columns: verdict)", results, r => Enumerable.Range(0, labels.Count).Select(c => c == r.Verdict ? 1 : 0).ToArray());
        Confusion(log, "  confusion by frame (rows: true class; columns: frames called)", results, r => r.FramesCalled);
        return table;
    }

    private void Confusion(TextWriter log, string title, IReadOnlyList<ClipResult> results, Func<ClipResult, int[]> counts)
    {
        log.WriteLine(title);
        log.WriteLine($"    {"",-13} {string.Join(' ', labels.Select(l => l.PadLeft(13)))}");
        for (var t = 0; t < labels.Count; t++)
        {
            var row = new int[labels.Count];
            foreach (var r in results.Where(r => r.Truth == t))
            {
                var add = counts(r);
                for (var c = 0; c < labels.Count; c++)
                {
                    row[c] += add[c];
                }
            }

            log.WriteLine($"    {labels[t],-13} {string.Join(' ', row.Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(13)))}");
        }
    }
}
