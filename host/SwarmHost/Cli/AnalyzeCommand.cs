using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost analyze &lt;uri&gt;</c>: what the swarm's analyzers see in an input, frame by frame.</summary>
public static class AnalyzeCommand
{
    private static readonly string[] Columns = [ContentMetrics.Complexity, ContentMetrics.SpatialInformation, ContentMetrics.TemporalInformation, ContentMetrics.EdgeDensity, ContentMetrics.MotionMean, ContentMetrics.MotionVariance, ContentMetrics.FastAction, ContentMetrics.LowLight];

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("uri") { Description = "File, URL or lavfi:<graph> to analyse." };
        var json = new Option<string?>("--json") { Description = "Write every analysed frame's metrics to this JSON file.", HelpName = "file" };
        var every = new Option<int>("--every") { Description = "Analyse every Nth frame (the analyzers then compare it with the previous analysed one).", DefaultValueFactory = _ => 1, HelpName = "n" };
        var frames = new Option<long>("--frames", "-n") { Description = "Stop after this many input frames.", HelpName = "count" };
        var analyzer = new Option<string>("--analyzer", "-a") { Description = "The analyzer component.", DefaultValueFactory = _ => "complexity", HelpName = "id" };
        var options = new Option<string[]>("--option", "-O") { Description = "An analyzer option as name=value (repeatable).", HelpName = "name=value" };
        var command = new Command("analyze", """
            Show what the swarm's analyzers see in an input: per second, the mean content complexity,
            SI and TI (ITU-T P.910), edge density, motion (mean and vector variance), fast-action and
            low-light scores, and the scene cuts; with --json, every analysed frame's metrics.

            Examples:
              swarmhost analyze clip.mp4
              swarmhost analyze lavfi:testsrc2=size=1280x720:rate=30 -n 300 --json out/analysis.json
            """)
        {
            input, json, every, frames, analyzer, options,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            var problems = new List<ManifestProblem>();
            var spec = ComponentArguments.Resolve(catalog, parse.GetValue(analyzer)!, parse.GetValue(options) ?? [], ComponentKind.Analyzer, problems);
            if (spec is null)
            {
                ComponentArguments.Report(context.Error, problems);

                return ExitCodes.InvalidInput;
            }

            var step = Math.Max(1, parse.GetValue(every));
            using var source = MediaSource.Open(new MediaSourceOptions(parse.GetValue(input)!) { MaxFrames = parse.GetValue(frames) });
            var info = source.Info;
            var rate = (double)info.FrameRate.Numerator / info.FrameRate.Denominator;
            using var instance = new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>()).CreateAnalyzer(spec, spec.Plugin);
            instance.Open(new OutputProfile("any", info.Width, info.Height, info.FrameRate, 1));
            context.Error.WriteLine($"analyze: {info.Uri} ({info.Format}, {info.Codec} {info.SourceSize} @ {rate:F2} fps) with '{spec.Plugin}'");
            var reports = new List<(long Sequence, double Seconds, IReadOnlyDictionary<string, double> Metrics)>();
            VideoFrame? previous = null;
            try
            {
                while (await source.ReadAsync(cancellationToken).ConfigureAwait(false) is { Kind: not SourceReadKind.Ended } read)
                {
                    if (read.Frame is not { } frame)
                    {
                        continue;
                    }

                    if (frame.Sequence % step != 0)
                    {
                        frame.Release();
                        continue;
                    }

                    var builder = new ContentReportBuilder(frame.Sequence);
                    instance.Analyze(frame, previous, builder);
                    reports.Add((frame.Sequence, frame.Sequence / rate, builder.Build().Metrics));
                    previous?.Release();
                    previous = frame;
                }
            }
            finally
            {
                previous?.Release();
            }

            PrintSeconds(context.Output, reports);
            if (parse.GetValue(json) is { } file)
            {
                var full = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, JsonSerializer.Serialize(new
                {
                    input = info.Uri,
                    analyzer = spec.Plugin,
                    frameRate = rate,
                    every = step,
                    frames = reports.Select(r => new { seq = r.Sequence, seconds = Math.Round(r.Seconds, 3), metrics = r.Metrics.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4)) }),
                }, CliContext.Json), cancellationToken).ConfigureAwait(false);
                context.Error.WriteLine($"analyze: wrote {full}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintSeconds(TextWriter output, List<(long Sequence, double Seconds, IReadOnlyDictionary<string, double> Metrics)> reports)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"{"second",6} {"frames",6} {string.Join(' ', Columns.Select(c => c.PadLeft(14)))} {"sceneCuts",10} {"ms/frame",8}");
        foreach (var second in reports.GroupBy(r => (int)Math.Floor(r.Seconds)))
        {
            double Mean(string metric) => second.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.NaN).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
            var cuts = second.Where(r => r.Metrics.TryGetValue(ContentMetrics.SceneCut, out var c) && c > 0).Select(r => r.Sequence.ToString(inv)).ToList();
            output.WriteLine(string.Create(inv, $"{second.Key,6} {second.Count(),6} {string.Join(' ', Columns.Select(c => Mean(c).ToString("F3", inv).PadLeft(14)))} {(cuts.Count == 0 ? "-" : string.Join(",", cuts)),10} {Mean("analysisMs"),8:F2}"));
        }
    }
}
