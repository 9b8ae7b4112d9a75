using System.Diagnostics;
using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Bench;

/// <summary>
/// Measures analyzer components (run together, as a swarm runs them) in-process against FFmpeg's <c>siti</c> filter on the same
/// input, alternating, several runs each: frames per second and the ratio. Both sides decode (or
/// generate) the input; in-process time runs from opening the source to the last frame analysed.
/// Each analyzer's cost is shown as the wall time of its calls on the feeder thread and the CPU
/// time they used; an analyzer that works off the feeder thread reports that work's CPU time as
/// the metric <c>&lt;component&gt;.backgroundMs</c>, shown beside it. The analysis CPU per frame
/// is the sum of both CPU times over the analyzers: what the analysis costs a core, whatever
/// waits the wall times include on a busy machine.
/// </summary>
public sealed class AnalyzerBenchmark(ComponentActivator activator, FFmpegCliTimer cli)
{
    /// <summary>The metric suffix of work an analyzer did off the feeder thread, ms.</summary>
    private const string BackgroundSuffix = ".backgroundMs";

    /// <summary>Filters a <c>lavfi:</c> input may use beyond the default list (<c>--allow-filter</c>).</summary>
    public IReadOnlyCollection<string> AllowedFilters { get; init; } = [];

    /// <summary>Measures <paramref name="analyzers"/> on each input and returns a row per input.</summary>
    public IReadOnlyList<BenchRow> Run(IReadOnlyList<string> inputs, long frames, int runs, IReadOnlyList<ComponentSpec> analyzers, Action<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(analyzers);
        var names = string.Join(" + ", analyzers.Select(a => a.Plugin));
        var rows = new List<BenchRow>();
        foreach (var input in inputs)
        {
            var cliArguments = new List<string>(FFmpegCliTimer.CommonArguments);
            cliArguments.AddRange(FFmpegCliTimer.InputArguments(input));
            cliArguments.AddRange(["-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-vf", "siti", "-f", "null", "-"]);
            var inProcess = new List<double>();
            var reference = new List<double>();
            var costsPerRun = new List<IReadOnlyList<AnalyzerCost>>();
            for (var run = 1; run <= runs; run++)
            {
                var (fps, costs) = RunInProcess(input, frames, analyzers);
                inProcess.Add(fps);
                costsPerRun.Add(costs);
                reference.Add(frames / cli.RealTime(cliArguments).TotalSeconds);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{input}: run {run}/{runs} {names} {fps:F1} fps ({Describe(costs)}), siti {reference[^1]:F1} fps"));
            }

            var median = Statistics.Median(inProcess);
            var cliMedian = Statistics.Median(reference);
            rows.Add(new BenchRow(
                input,
                $"{names}: {Describe([.. analyzers.Select((_, i) => MedianCost(costsPerRun, i))])} (medians)",
                "ffmpeg " + string.Join(' ', cliArguments),
                Math.Round(median, 1),
                Math.Round(cliMedian, 1),
                Math.Round(median / cliMedian, 3),
                inProcess.Select(v => Math.Round(v, 1)).ToList(),
                reference.Select(v => Math.Round(v, 1)).ToList()));
        }

        return rows;
    }

    /// <summary>Analyzer <paramref name="index"/>'s cost with each time the median over <paramref name="runs"/>.</summary>
    private static AnalyzerCost MedianCost(List<IReadOnlyList<AnalyzerCost>> runs, int index) =>
        new(runs[0][index].Summary with
        {
            MeanMs = Statistics.Median([.. runs.Select(r => r[index].Summary.MeanMs)]),
            MeanCpuMs = Statistics.Median([.. runs.Select(r => r[index].Summary.MeanCpuMs)]),
        }, Statistics.Median([.. runs.Select(r => r[index].BackgroundMs)]));

    /// <summary>"complexity 4.60 ms (CPU 4.51), onnx-content-type 1.82 ms (CPU 0.12) + CPU 2.61 off the feeder thread; analysis CPU 7.24 ms/frame".</summary>
    private static string Describe(IReadOnlyList<AnalyzerCost> costs) =>
        string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", costs.Select(c => $"{c.Summary.Plugin} {c.Summary.MeanMs:F2} ms (CPU {c.Summary.MeanCpuMs:F2}){(c.BackgroundMs > 0 ? $" + CPU {c.BackgroundMs:F2} off the feeder thread" : "")}"))}; analysis CPU {costs.Sum(c => c.Summary.MeanCpuMs + c.BackgroundMs):F2} ms/frame");

    private (double Fps, IReadOnlyList<AnalyzerCost> Costs) RunInProcess(string input, long frames, IReadOnlyList<ComponentSpec> specs)
    {
        var watch = Stopwatch.StartNew();
        using var source = MediaSource.Open(new MediaSourceOptions(input) { MaxFrames = frames, AllowedFilters = AllowedFilters });
        using var stage = new AnalyzerStage(specs.Select(s => (s.Plugin, s.Plugin, activator.CreateAnalyzer(s, s.Plugin))).ToList(), (id, sequence, e) => throw new InvalidOperationException($"Analyzer '{id}' failed on frame {sequence}: {e.Message}", e));
        stage.Open(new OutputProfile("any", source.Info.Width, source.Info.Height, source.Info.FrameRate, 1));
        VideoFrame? previous = null;
        long analysed = 0;
        var background = new double[specs.Count]; // what each analyzer's worker reported (<component>.backgroundMs)
        try
        {
            while (source.ReadAsync().AsTask().GetAwaiter().GetResult() is { Kind: not SourceReadKind.Ended } read)
            {
                if (read.Frame is not { } frame)
                {
                    continue;
                }

                var report = stage.Analyze(frame, previous);
                for (var i = 0; i < specs.Count; i++)
                {
                    background[i] += report.Get(specs[i].Plugin + BackgroundSuffix, 0);
                }

                previous?.Release();
                previous = frame;
                analysed++;
            }
        }
        finally
        {
            previous?.Release();
        }

        return (analysed / watch.Elapsed.TotalSeconds, [.. stage.Summarise().Analyzers.Select((a, i) => new AnalyzerCost(a, analysed == 0 ? 0 : background[i] / analysed))]);
    }

    /// <summary>An analyzer's cost on the feeder thread (the stage's measure) and what it reported doing off it, ms per frame.</summary>
    private sealed record AnalyzerCost(AnalyzerSummary Summary, double BackgroundMs);
}
