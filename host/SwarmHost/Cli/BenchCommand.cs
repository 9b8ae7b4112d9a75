using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Bench;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost bench encoders</c>: in-process encoders against the ffmpeg CLI on the same input, side by side.</summary>
public static class BenchCommand
{
    /// <summary>The encoders measured when no manifest is given: the codecs a swarm typically mixes, one thread each.</summary>
    private static readonly (string Name, string[] Options)[] DefaultEncoders =
    [
        ("x264 veryfast", ["codec=libx264", "preset=veryfast", "bitrate=3M"]),
        ("x265 ultrafast", ["codec=libx265", "preset=ultrafast", "bitrate=2M"]),
        ("vp9 realtime", ["codec=libvpx-vp9", "bitrate=2M", "private={\"deadline\":\"realtime\",\"cpu-used\":\"8\"}"]),
        ("svt-av1 preset 12", ["codec=libsvtav1", "preset=12", "bitrate=2M"]),
        ("mpeg2video", ["codec=mpeg2video", "bitrate=8M"]),
    ];

    /// <summary>Creates <c>bench</c> with its <c>encoders</c> subcommand.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Option<string>("--input", "-i") { Description = "The input both sides encode (file, URL or lavfi:<graph>).", DefaultValueFactory = _ => "lavfi:testsrc2=size=1280x720:rate=30", HelpName = "uri" };
        var frames = new Option<long>("--frames", "-n") { Description = "Frames per run.", DefaultValueFactory = _ => 300, HelpName = "count" }.AtLeastOne();
        var runs = new Option<int>("--runs") { Description = "Runs per side and row, alternating in-process and CLI; the median is reported (at least 3 for figures worth quoting).", DefaultValueFactory = _ => 3, HelpName = "count" };
        var gop = new Option<int>("--gop") { Description = "Keyframe interval for both sides.", DefaultValueFactory = _ => 30, HelpName = "frames" };
        var json = new Option<string?>("--json") { Description = "Also write the results (with every run and the CLI command lines) to this JSON file; each row has a ratio.", HelpName = "file" };
        var manifest = new Option<string?>("--manifest", "-m") { Description = "Measure this manifest's encoders (and its first three at once) instead of the default set.", HelpName = "file" };
        var encoders = new Command("encoders", """
            Run each encoder in-process and the same encode with the ffmpeg CLI (same codec, rate
            control, preset, threads, GOP, scene-cut setting) on the same input, alternating, several
            runs each; print frames per second for both and their ratio (in-process / CLI). A last
            row runs three encoders at once: in-process on three threads fed by one source, against
            the CLI's split=3 filter feeding three encoders.

            Default set (one thread each): x264 veryfast 3M, x265 ultrafast 2M, VP9 realtime
            cpu-used 8 2M, SVT-AV1 preset 12 2M, MPEG-2 8M; three at once: x264 veryfast x3.
            Figures depend on the machine: compare ratios, not fps, across machines.

            Examples:
              swarmhost bench encoders --input lavfi:testsrc2=size=1280x720:rate=30 --frames 300 --json b.json
              swarmhost bench encoders --manifest swarm.json --input clip.mp4 --runs 5
            """)
        {
            input, frames, runs, gop, json, manifest,
        };
        encoders.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var problems = new List<ManifestProblem>();
            var (catalog, cases) = parse.GetValue(manifest) is { } file
                ? FromManifest(context, host, parse, file, problems)
                : Defaults(context.Discover(host, parse), problems);
            if (parse.GetValue(runs) < 1)
            {
                problems.Add(new("--runs", "must be at least 1"));
            }

            if (FilterAllowlist.Refusal(parse.GetValue(input)!, context.Allowances(parse).Filters) is { } refusal)
            {
                problems.Add(new("--input", refusal));
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    context.Error.WriteLine($"error: {problem}");
                }

                return ExitCodes.InvalidInput;
            }

            var benchmark = new EncoderBenchmark(new ComponentActivator(catalog!, host.Services.GetRequiredService<ILoggerFactory>()), new FFmpegCliTimer()) { AllowedFilters = context.Allowances(parse).Filters };
            var rows = benchmark.Run(parse.GetValue(input)!, parse.GetValue(frames), parse.GetValue(gop), parse.GetValue(runs), cases, line => context.Error.WriteLine("bench: " + line));
            PrintTable(context.Output, rows, "ffmpeg CLI fps");
            if (parse.GetValue(json) is { } jsonFile)
            {
                WriteReport(context, jsonFile, new BenchReport(parse.GetValue(input)!, parse.GetValue(frames), parse.GetValue(runs), EncoderBenchmark.Timing, Machine, FFmpegLibraries.Load().ToString(), rows));
            }

            return ExitCodes.Success;
        });
        return new Command("bench", "Measure SwarmHost's media path against the ffmpeg CLI on the same machine and input.") { encoders, Analyzers(context), BenchSwarmCommand.Create(context) };
    }

    private static Command Analyzers(CliContext context)
    {
        var inputs = new Option<string[]>("--input", "-i") { Description = "Inputs to analyse (repeatable).", DefaultValueFactory = _ => ["lavfi:testsrc2=size=1280x720:rate=30", "lavfi:testsrc2=size=1920x1080:rate=30"], HelpName = "uri" };
        var frames = new Option<long>("--frames", "-n") { Description = "Frames per run.", DefaultValueFactory = _ => 300, HelpName = "count" }.AtLeastOne();
        var runs = new Option<int>("--runs") { Description = "Runs per side, alternating; the median is reported.", DefaultValueFactory = _ => 3, HelpName = "count" };
        var analyzer = new Option<string[]>("--analyzer", "-a") { Description = "An analyzer component to measure (repeatable; together they are the analysis measured). Default: every installed analyzer of the first rank (Primary), by id.", HelpName = "id" };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file; each row has a ratio.", HelpName = "file" };
        var command = new Command("analyzers", """
            Run the analysis (by default the installed analyzers of the first rank: complexity and
            onnx-content-type in a standard installation) in-process,
            decoding the input too, and FFmpeg's siti filter (SI/TI only) on the same input,
            alternating; print frames per second for both, their ratio (in-process / siti) and each
            analyzer's own time per frame. Default inputs: 720p and 1080p testsrc2.

            Example:
              swarmhost bench analyzers --frames 300 --json out/bench-analyzers.json
            """)
        {
            inputs, frames, runs, analyzer, json,
        };
        command.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            var problems = new List<ManifestProblem>();
            var ids = parse.GetValue(analyzer) is { Length: > 0 } given ? given : [.. catalog.PrimaryOf(ComponentKind.Analyzer)];
            var specs = ids.Select(id => ComponentArguments.Resolve(catalog, id, [], ComponentKind.Analyzer, problems)).ToList();
            foreach (var uri in parse.GetValue(inputs)!)
            {
                if (FilterAllowlist.Refusal(uri, context.Allowances(parse).Filters) is { } refusal)
                {
                    problems.Add(new("--input", refusal));
                }
            }

            if (problems.Count > 0 || specs.Count == 0 || specs.Any(s => s is null))
            {
                ComponentArguments.Report(context.Error, problems);
                return ExitCodes.InvalidInput;
            }

            var benchmark = new AnalyzerBenchmark(new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>()), new FFmpegCliTimer()) { AllowedFilters = context.Allowances(parse).Filters };
            var rows = benchmark.Run(parse.GetValue(inputs)!, parse.GetValue(frames), Math.Max(1, parse.GetValue(runs)), [.. specs.Select(s => s!)], line => context.Error.WriteLine("bench: " + line));
            PrintTable(context.Output, rows, "siti fps");
            foreach (var row in rows)
            {
                context.Output.WriteLine($"  {row.Name}: {row.Settings}");
            }

            if (parse.GetValue(json) is { } jsonFile)
            {
                WriteReport(context, jsonFile, new BenchReport(string.Join(", ", parse.GetValue(inputs)!), parse.GetValue(frames), parse.GetValue(runs), "in-process: wall time from opening the source to the last frame analysed; ffmpeg CLI: the rtime its -benchmark reports", Machine, FFmpegLibraries.Load().ToString(), rows));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Machine => $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static void WriteReport(CliContext context, string file, BenchReport report)
    {
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(report, CliContext.Json));
        context.Error.WriteLine($"bench: wrote {full}");
    }

    private static (PluginCatalog, List<BenchCase>) Defaults(PluginCatalog catalog, List<ManifestProblem> problems)
    {
        var cases = DefaultEncoders.Select(e => Case(catalog, e.Name, [e.Options], problems)).OfType<BenchCase>().ToList();
        if (Case(catalog, "3 at once (x264 veryfast x3)", [DefaultEncoders[0].Options, DefaultEncoders[0].Options, DefaultEncoders[0].Options], problems) is { } three)
        {
            cases.Add(three);
        }

        return (catalog, cases);
    }

    private static BenchCase? Case(PluginCatalog catalog, string name, string[][] options, List<ManifestProblem> problems)
    {
        var specs = options.Select(o => ComponentArguments.Resolve(catalog, "ffmpeg", o, ComponentKind.Encoder, problems)).ToList();
        return specs.Any(s => s is null) ? null : new BenchCase(name, specs!, specs.Select(s => FFmpegEncoderSettings.FromOptions(s!.Options)).ToList()!);
    }

    private static (PluginCatalog?, List<BenchCase>) FromManifest(CliContext context, Microsoft.Extensions.Hosting.IHost host, ParseResult parse, string file, List<ManifestProblem> problems)
    {
        var validation = host.Services.GetRequiredService<ManifestValidator>().Validate(file, context.PluginRoots(parse), CliContext.DefaultRoots);
        if (!validation.IsValid)
        {
            problems.AddRange(validation.Problems);
            return (null, []);
        }

        static FFmpegEncoderSettings? Settings(ComponentInstance e) => e.Spec.Plugin == "ffmpeg" ? FFmpegEncoderSettings.FromOptions(e.Spec.Options) : null;
        var encoders = validation.Manifest!.Encoders;
        var cases = encoders.Select(e => new BenchCase(e.InstanceId, [e.Spec], [Settings(e)])).ToList();
        var three = encoders.Take(3).ToList();
        cases.Add(new BenchCase($"3 at once ({string.Join(", ", three.Select(e => e.InstanceId))})", three.Select(e => e.Spec).ToList(), three.Select(Settings).ToList()));
        return (validation.Catalog, cases);
    }

    private static void PrintTable(TextWriter output, IReadOnlyList<BenchRow> rows, string reference)
    {
        var width = Math.Max(10, rows.Max(r => r.Name.Length));
        output.WriteLine($"{"row".PadRight(width)}  {"in-process fps",14}  {reference,14}  {"ratio",6}");
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name.PadRight(width)}  {row.InProcessFps,14:F1}  {(row.CliFps is { } c ? c.ToString("F1", CultureInfo.InvariantCulture) : "n/a"),14}  {(row.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "n/a"),6}"));
        }
    }
}
