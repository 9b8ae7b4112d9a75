using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Bench;

/// <summary>
/// Measures encoders in-process against the same encode run by the <c>ffmpeg</c> CLI on the same
/// input, alternating the two, several runs each, and reports medians and their ratio.
/// </summary>
/// <remarks>
/// Timing: in-process, the wall time from opening the source to the last flush (encoder opening
/// included); the CLI, the real time it reports itself with <c>-benchmark</c> (so the process
/// start is not counted against it). Frames per second are summed over the encoders of a row.
/// </remarks>
public sealed class EncoderBenchmark(ComponentActivator activator, FFmpegCliTimer cli)
{
    /// <summary>Filters a <c>lavfi:</c> input may use beyond the default list (<c>--allow-filter</c>).</summary>
    public IReadOnlyCollection<string> AllowedFilters { get; init; } = [];

    /// <summary>How the two sides are timed, for the report.</summary>
    public const string Timing = "in-process: wall time from opening the source to the last flush; ffmpeg CLI: the rtime its -benchmark reports";

    /// <summary>Runs every case and returns a row for each.</summary>
    /// <param name="input">The input both sides encode.</param>
    /// <param name="frames">Frames per run.</param>
    /// <param name="gop">Keyframe interval for both sides.</param>
    /// <param name="runs">Runs per side (at least 1; the median is reported).</param>
    /// <param name="cases">The rows to measure.</param>
    /// <param name="progress">Receives a line per run.</param>
    public IReadOnlyList<BenchRow> Run(string input, long frames, int gop, int runs, IReadOnlyList<BenchCase> cases, Action<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(cases);
        Rational rate;
        (int Width, int Height) size;
        using (var probe = MediaSource.Open(new MediaSourceOptions(input) { MaxFrames = 1, AllowedFilters = AllowedFilters }))
        {
            (rate, size) = (probe.Info.FrameRate, (probe.Info.Width, probe.Info.Height));
        }

        var profile = new OutputProfile("any", size.Width, size.Height, rate, gop);
        var rows = new List<BenchRow>();
        foreach (var bench in cases)
        {
            var cli = bench.HasCliReference ? CliArguments(input, frames, profile, bench) : null;
            var inProcess = new List<double>();
            var reference = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                inProcess.Add(RunInProcess(input, frames, gop, bench));
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{bench.Name}: run {run}/{runs} in-process {inProcess[^1]:F1} fps"));
                if (cli is not null)
                {
                    reference.Add(RunCli(cli, frames * bench.Encoders.Count));
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{bench.Name}: run {run}/{runs} ffmpeg CLI {reference[^1]:F1} fps"));
                }
            }

            var inProcessFps = Statistics.Median(inProcess);
            double? cliFps = reference.Count > 0 ? Statistics.Median(reference) : null;
            rows.Add(new BenchRow(
                bench.Name,
                string.Join(" | ", bench.Encoders.Select(Describe)),
                cli is null ? "" : "ffmpeg " + string.Join(' ', cli.Select(Quote)),
                Math.Round(inProcessFps, 1),
                cliFps is { } c ? Math.Round(c, 1) : null,
                cliFps is { } r && r > 0 ? Math.Round(inProcessFps / r, 3) : null,
                inProcess.Select(v => Math.Round(v, 1)).ToList(),
                reference.Select(v => Math.Round(v, 1)).ToList()));
        }

        return rows;
    }

    /// <summary>The CLI arguments that run the same encode as <paramref name="bench"/> (a <c>split</c> filter feeds several encoders).</summary>
    public static IReadOnlyList<string> CliArguments(string input, long frames, OutputProfile profile, BenchCase bench)
    {
        ArgumentNullException.ThrowIfNull(bench);
        var args = new List<string>(FFmpegCliTimer.CommonArguments);
        args.AddRange(FFmpegCliTimer.InputArguments(input));
        var count = bench.Encoders.Count;
        if (count > 1)
        {
            args.AddRange(["-filter_complex", $"[0:v]split={count}" + string.Concat(Enumerable.Range(0, count).Select(i => $"[v{i}]"))]);
        }

        for (var i = 0; i < count; i++)
        {
            args.AddRange(count > 1 ? ["-map", $"[v{i}]"] : ["-map", "0:v:0"]);
            args.AddRange(["-frames:v", frames.ToString(CultureInfo.InvariantCulture)]);
            args.AddRange(bench.Settings[i]!.CliArguments(profile));
            args.AddRange(["-f", "null", "-"]);
        }

        return args;
    }

    private double RunInProcess(string input, long frames, int gop, BenchCase bench)
    {
        var encoders = bench.Encoders.Select((spec, i) => activator.CreateEncoder(spec, $"bench-{i}")).ToList();
        try
        {
            var elapsed = InProcessEncodeRun.Run(input, frames, gop, encoders, AllowedFilters);
            return frames * encoders.Count / elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var encoder in encoders)
            {
                encoder.Dispose();
            }
        }
    }

    private double RunCli(IReadOnlyList<string> arguments, long totalFrames) => totalFrames / cli.RealTime(arguments).TotalSeconds;

    private static string Describe(ComponentSpec spec) =>
        spec.Plugin + " " + string.Join(' ', spec.Options.Where(o => o.Value is not null and not IReadOnlyDictionary<string, object?> { Count: 0 }).Select(o => $"{o.Key}={Format(o.Value)}"));

    private static string Format(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(",", map.Select(p => $"{p.Key}={p.Value}")) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static string Quote(string argument) => argument.Any(c => char.IsWhiteSpace(c) || c is '[' or ']' or ';' or '|') ? $"'{argument}'" : argument;

}
