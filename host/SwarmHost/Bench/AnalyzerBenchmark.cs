using System.Diagnostics;
using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Bench;

/// <summary>
/// Measures an analyzer component in-process against FFmpeg's <c>siti</c> filter on the same
/// input, alternating, several runs each: frames per second and the ratio. Both sides decode (or
/// generate) the input; in-process time runs from opening the source to the last frame analysed.
/// </summary>
public sealed class AnalyzerBenchmark(ComponentActivator activator, FFmpegCliTimer cli)
{
    /// <summary>Measures <paramref name="analyzer"/> on each input and returns a row per input.</summary>
    public IReadOnlyList<BenchRow> Run(IReadOnlyList<string> inputs, long frames, int runs, ComponentSpec analyzer, Action<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(analyzer);
        var rows = new List<BenchRow>();
        foreach (var input in inputs)
        {
            var cliArguments = new List<string>(FFmpegCliTimer.CommonArguments);
            cliArguments.AddRange(FFmpegCliTimer.InputArguments(input));
            cliArguments.AddRange(["-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-vf", "siti", "-f", "null", "-"]);
            var inProcess = new List<double>();
            var reference = new List<double>();
            var analysisMs = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                var (fps, ms) = RunInProcess(input, frames, analyzer);
                inProcess.Add(fps);
                analysisMs.Add(ms);
                reference.Add(frames / cli.RealTime(cliArguments).TotalSeconds);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{input}: run {run}/{runs} {analyzer.Plugin} {fps:F1} fps ({ms:F2} ms/frame in the analyzer), siti {reference[^1]:F1} fps"));
            }

            var median = Statistics.Median(inProcess);
            var cliMedian = Statistics.Median(reference);
            rows.Add(new BenchRow(
                input,
                string.Create(CultureInfo.InvariantCulture, $"{analyzer.Plugin}: {Statistics.Median(analysisMs):F2} ms per frame in the analyzer"),
                "ffmpeg " + string.Join(' ', cliArguments),
                Math.Round(median, 1),
                Math.Round(cliMedian, 1),
                Math.Round(median / cliMedian, 3),
                inProcess.Select(v => Math.Round(v, 1)).ToList(),
                reference.Select(v => Math.Round(v, 1)).ToList()));
        }

        return rows;
    }

    private (double Fps, double AnalysisMs) RunInProcess(string input, long frames, ComponentSpec spec)
    {
        var watch = Stopwatch.StartNew();
        using var source = MediaSource.Open(new MediaSourceOptions(input) { MaxFrames = frames });
        using var analyzer = activator.CreateAnalyzer(spec, "bench");
        analyzer.Open(new OutputProfile("any", source.Info.Width, source.Info.Height, source.Info.FrameRate, 1));
        VideoFrame? previous = null;
        long analysed = 0;
        var inAnalyzer = TimeSpan.Zero;
        try
        {
            while (source.ReadAsync().AsTask().GetAwaiter().GetResult() is { Kind: not SourceReadKind.Ended } read)
            {
                if (read.Frame is not { } frame)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                analyzer.Analyze(frame, previous, new ContentReportBuilder(frame.Sequence));
                inAnalyzer += Stopwatch.GetElapsedTime(started);
                previous?.Release();
                previous = frame;
                analysed++;
            }
        }
        finally
        {
            previous?.Release();
        }

        return (analysed / watch.Elapsed.TotalSeconds, inAnalyzer.TotalMilliseconds / Math.Max(1, analysed));
    }
}
