using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SwarmHost.Bench;
using SwarmHost.Media;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost bench swarm</c>: a three-encoder swarm with in-process lanes, with process lanes, and the ffmpeg CLI, side by side.</summary>
public static class BenchSwarmCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The real 720p clip the installation fetches for its tests, when present.</summary>
    private static string DefaultInput => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".cache", "clips", "cockatoo.mp4"));

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Option<string>("--input", "-i") { Description = "The input every variant encodes. Default: the real 720p clip scripts/fetch-clips.sh fetches (.cache/clips/cockatoo.mp4).", DefaultValueFactory = _ => DefaultInput, HelpName = "uri" };
        var frames = new Option<long>("--frames", "-n") { Description = "Frames per run.", DefaultValueFactory = _ => 280, HelpName = "count" }.AtLeastOne();
        var runs = new Option<int>("--runs") { Description = "Runs per variant, alternating; the median is reported (at least 5 for figures worth quoting).", DefaultValueFactory = _ => 5, HelpName = "count" };
        var json = new Option<string?>("--json") { Description = "Also write the rows (every run, every command line) to this JSON file.", HelpName = "file" };
        var command = new Command("swarm", """
            Run the same three-encoder swarm (x264 veryfast 3M, superfast 2.5M, ultrafast 2M, one
            thread each) with in-process lanes and with process lanes, and the ffmpeg CLI doing the
            same three encodes through split=3, alternating, on the same input; print each variant's
            median wall time, CPU time and peak memory, each measured over the whole process tree
            (a swarm's lane processes included), and the ratios to the in-process swarm.

            No encoder is failed as too slow or hung in a benchmark run: every variant encodes every
            frame. The swarm also decodes and scores every unit (its verification); the CLI does not.
            Figures depend on the machine: compare ratios, not seconds, across machines.

            Examples:
              swarmhost bench swarm
              swarmhost bench swarm --input clip.mp4 --frames 600 --runs 7 --json swarm-bench.json
            """)
        {
            input, frames, runs, json,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            if (!source.Contains(':', StringComparison.Ordinal) && !File.Exists(source))
            {
                context.Error.WriteLine($"error: --input: {source} not found (scripts/fetch-clips.sh fetches the default clip; or give --input)");
                return ExitCodes.InvalidInput;
            }

            var folder = Directory.CreateTempSubdirectory("swarmhost-bench-").FullName;
            try
            {
                var (program, arguments) = LaneCommand.Self();
                var rows = new SwarmBenchmark([program, .. arguments], folder).Run(source, parse.GetValue(frames), Math.Max(1, parse.GetValue(runs)), line => context.Error.WriteLine("bench: " + line));
                Print(context.Output, rows);
                if (parse.GetValue(json) is { } file)
                {
                    File.WriteAllText(file, JsonSerializer.Serialize(new { input = source, frames = parse.GetValue(frames), runs = parse.GetValue(runs), machine = $"{Environment.ProcessorCount} logical processors", ffmpeg = FFmpegLibraries.Load().ToString(), rows }, JsonOptions));
                }

                return ExitCodes.Success;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static void Print(TextWriter output, IReadOnlyList<SwarmBenchRow> rows)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"variant",-26} {"wall s",8} {"CPU s",8} {"peak MB",8} {"fps",7} {"wall ×",7} {"CPU ×",7}"));
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Variant,-26} {row.WallSeconds,8:F2} {row.CpuSeconds,8:F2} {row.PeakMemoryMb,8:F0} {row.FramesPerSecond,7:F1} {row.WallRatio,7:F3} {row.CpuRatio,7:F3}"));
        }

        output.WriteLine("medians; ratios are to the in-process swarm; fps counts every encoder's frames.");
    }
}
