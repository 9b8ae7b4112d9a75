using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
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
        var frames = new Option<long>("--frames", "-n") { Description = "Stop after this many input frames (at least 1).", HelpName = "count" }.AtLeastOne();
        var analyzer = new Option<string[]>("--analyzer", "-a") { Description = "An analyzer component (repeatable; they run in the order given). Default: every installed analyzer of the first rank (Primary), by id.", HelpName = "id" };
        var options = new Option<string[]>("--option", "-O") { Description = "An analyzer option as id:name=value, or name=value for the first analyzer (repeatable).", HelpName = "[id:]name=value" };
        var command = new Command("analyze", """
            Show what the swarm's analyzers see in an input: per second, the mean content complexity,
            SI and TI (ITU-T P.910), edge density, motion (mean and vector variance), fast-action and
            low-light scores, the content type (the most likely class and its probability), the
            scene cuts and what the analysis cost per frame; with --json, every analysed frame's
            metrics. The default analyzers are the installed ones of the first rank (`swarmhost plugins`
            shows ranks): complexity and onnx-content-type in a standard installation.

            Examples:
              swarmhost analyze clip.mp4
              swarmhost analyze lavfi:testsrc2=size=1280x720:rate=30 -n 300 --json out/analysis.json
              swarmhost analyze clip.mp4 -a complexity -O analysisWidth=320
              swarmhost analyze clip.mp4 -O onnx-content-type:every=5
            """)
        {
            input, json, every, frames, analyzer, options,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            var problems = new List<ManifestProblem>();
            var ids = parse.GetValue(analyzer) is { Length: > 0 } given ? given : [.. catalog.PrimaryOf(ComponentKind.Analyzer)];
            var optionsById = ids.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
            foreach (var option in parse.GetValue(options) ?? [])
            {
                var colon = option.IndexOf(':', StringComparison.Ordinal);
                var equals = option.IndexOf('=', StringComparison.Ordinal);
                var target = colon > 0 && (equals < 0 || colon < equals) ? option[..colon] : ids[0];
                if (!optionsById.TryGetValue(target, out var list))
                {
                    problems.Add(new ManifestProblem("--option", $"'{option}' names analyzer '{target}', which is not among --analyzer ({string.Join(", ", ids)})"));
                    continue;
                }

                list.Add(colon > 0 && (equals < 0 || colon < equals) ? option[(colon + 1)..] : option);
            }

            var specs = ids.Select(id => ComponentArguments.Resolve(catalog, id, [.. optionsById[id]], ComponentKind.Analyzer, problems)).ToList();
            if (problems.Count > 0 || specs.Any(s => s is null))
            {
                ComponentArguments.Report(context.Error, problems);

                return ExitCodes.InvalidInput;
            }

            var step = Math.Max(1, parse.GetValue(every));
            using var source = MediaSource.Open(new MediaSourceOptions(parse.GetValue(input)!) { MaxFrames = parse.GetValue(frames), AllowedFilters = context.Allowances(parse).Filters });
            var info = source.Info;
            var rate = (double)info.FrameRate.Numerator / info.FrameRate.Denominator;
            var activator = new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>());
            using var stage = new AnalyzerStage(specs.Select(s => (s!.Plugin, s.Plugin, activator.CreateAnalyzer(s, s.Plugin))).ToList(), (id, sequence, e) => context.Error.WriteLine($"analyze: analyzer '{id}' failed on frame {sequence}: {e.Message} (that frame lacks its metrics; later failures are only counted)"));
            stage.Open(new OutputProfile("any", info.Width, info.Height, info.FrameRate, 1));
            context.Error.WriteLine($"analyze: {info.Uri} ({info.Format}, {info.Codec} {info.SourceSize} @ {rate:F2} fps) with {string.Join(", ", ids.Select(i => $"'{i}'"))}");
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

                    reports.Add((frame.Sequence, frame.Sequence / rate, stage.Analyze(frame, previous).Metrics));
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
                    analyzers = ids,
                    summary = stage.Summarise(),
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
        output.WriteLine($"{"second",6} {"frames",6} {string.Join(' ', Columns.Select(c => c.PadLeft(14)))} {"contentType",-18} {"sceneCuts",10} {"ms/frame",8}");
        foreach (var second in reports.GroupBy(r => (int)Math.Floor(r.Seconds)))
        {
            double Mean(string metric) => second.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.NaN).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
            var cuts = second.Where(r => r.Metrics.TryGetValue(ContentMetrics.SceneCut, out var c) && c > 0).Select(r => r.Sequence.ToString(inv)).ToList();
            var types = second.SelectMany(r => r.Metrics.Where(m => m.Key.StartsWith(ContentMetrics.ContentTypePrefix, StringComparison.Ordinal)).Select(m => m.Key)).Distinct().ToList();
            var type = types.Count == 0 ? "-" : types.Select(t => (Label: t[ContentMetrics.ContentTypePrefix.Length..], P: Mean(t))).MaxBy(t => t.P) is var best ? $"{best.Label} {best.P:F2}" : "-";
            var cost = second.Average(r => r.Metrics.Where(m => m.Key.StartsWith("cost.", StringComparison.Ordinal)).Sum(m => m.Value));
            output.WriteLine(string.Create(inv, $"{second.Key,6} {second.Count(),6} {string.Join(' ', Columns.Select(c => Mean(c).ToString("F3", inv).PadLeft(14)))} {type,-18} {(cuts.Count == 0 ? "-" : string.Join(",", cuts)),10} {cost,8:F2}"));
        }
    }
}
