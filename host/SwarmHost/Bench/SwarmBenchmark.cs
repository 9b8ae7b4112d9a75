using System.Globalization;
using System.Text.Json.Nodes;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Bench;

/// <summary>
/// The same three-encoder swarm with in-process lanes, with process lanes, and the <c>ffmpeg</c> CLI
/// doing the same three encodes through <c>split=3</c>, alternating, on the same input; each run
/// measured as a whole process tree (<see cref="ProcessTreeMeter"/>). The swarm runs with its
/// default health settings except that no encoder is ever failed as too slow or hung, so every
/// encoder encodes every frame in every variant; it also decodes and scores every unit (its
/// verification), which the CLI does not.
/// </summary>
/// <param name="swarmhost">How to start <c>swarmhost</c> (program and leading arguments).</param>
/// <param name="folder">Where manifests and outputs go.</param>
public sealed class SwarmBenchmark(IReadOnlyList<string> swarmhost, string folder)
{
    /// <summary>The three encoders: x264 at three speeds, as a swarm typically mixes them.</summary>
    public static IReadOnlyList<(string Id, string Preset, long Bitrate)> Encoders { get; } =
        [("veryfast", "veryfast", 3_000_000), ("superfast", "superfast", 2_500_000), ("ultrafast", "ultrafast", 2_000_000)];

    /// <summary>Runs every variant <paramref name="runs"/> times, alternating, and returns a row per variant (in-process, process, CLI).</summary>
    /// <exception cref="InvalidOperationException">A run failed (its stderr is in the message).</exception>
    public IReadOnlyList<SwarmBenchRow> Run(string input, long frames, int runs, Action<string>? progress)
    {
        Rational rate;
        (int Width, int Height) size;
        using (var probe = MediaSource.Open(new MediaSourceOptions(input) { MaxFrames = 1 }))
        {
            (rate, size) = (probe.Info.FrameRate, (probe.Info.Width, probe.Info.Height));
        }

        var gop = (int)Math.Round(rate.ToDouble());
        var variants = new List<(string Name, string Program, IReadOnlyList<string> Arguments)>
        {
            ("swarm, in-process lanes", swarmhost[0], [.. swarmhost.Skip(1), "run", Manifest(input, frames, size, rate, gop, "inprocess"), "--quiet"]),
            ("swarm, process lanes", swarmhost[0], [.. swarmhost.Skip(1), "run", Manifest(input, frames, size, rate, gop, "process"), "--quiet"]),
            ("ffmpeg CLI, split=3", "ffmpeg", CliArguments(input, frames, new OutputProfile("h264", size.Width, size.Height, rate, gop))),
        };
        var measured = variants.Select(_ => new List<ProcessTreeMeter.Measurement>()).ToList();
        for (var run = 1; run <= runs; run++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var m = ProcessTreeMeter.Run(variants[v].Program, variants[v].Arguments);
                if (m.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{variants[v].Name}: run {run} exited {m.ExitCode}: {m.Error.Trim()}");
                }

                measured[v].Add(m);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{variants[v].Name}: run {run}/{runs}: {m.WallSeconds:F2} s wall, {m.CpuSeconds:F2} s CPU, {m.PeakMemoryMb:F0} MB peak"));
            }
        }

        var baseline = Statistics.Median(measured[0].Select(m => m.WallSeconds).ToList());
        var baselineCpu = Statistics.Median(measured[0].Select(m => m.CpuSeconds).ToList());
        return [.. variants.Select((v, i) =>
        {
            var wall = Statistics.Median(measured[i].Select(m => m.WallSeconds).ToList());
            var cpu = Statistics.Median(measured[i].Select(m => m.CpuSeconds).ToList());
            var memory = Statistics.Median(measured[i].Select(m => m.PeakMemoryMb).ToList());
            return new SwarmBenchRow(v.Name, v.Program + " " + string.Join(' ', v.Arguments), Math.Round(wall, 2), Math.Round(cpu, 2), Math.Round(memory, 0),
                Math.Round(wall / baseline, 3), Math.Round(cpu / baselineCpu, 3), Math.Round(frames * Encoders.Count / wall, 1),
                [.. measured[i].Select(m => Math.Round(m.WallSeconds, 2))]);
        })];
    }

    private string Manifest(string input, long frames, (int Width, int Height) size, Rational rate, int gop, string isolation)
    {
        var encoders = new JsonArray([.. Encoders.Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Id,
            ["plugin"] = "ffmpeg",
            ["options"] = new JsonObject { ["codec"] = "libx264", ["preset"] = e.Preset, ["bitrate"] = e.Bitrate },
        })]);
        var manifest = new JsonObject
        {
            ["source"] = new JsonObject { ["uri"] = input, ["frames"] = frames },
            ["profile"] = new JsonObject { ["codec"] = "h264", ["width"] = size.Width, ["height"] = size.Height, ["frameRate"] = $"{rate.Numerator}/{rate.Denominator}", ["gop"] = gop },
            ["isolation"] = isolation,
            ["encoders"] = encoders,
            ["health"] = new JsonObject { ["failAfterMisses"] = 100_000, ["hangTimeoutMs"] = 60_000 }, // never fail an encoder as too slow: every variant encodes every frame
            ["combiner"] = new JsonObject { ["plugin"] = "switch" },
            ["output"] = new JsonObject { ["uri"] = $"{isolation}.ts" },
        };
        var path = Path.Combine(folder, $"bench-{isolation}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    /// <summary>The same three encodes by the CLI, through the encoder benchmark's <c>split=3</c> command line.</summary>
    private static IReadOnlyList<string> CliArguments(string input, long frames, OutputProfile profile)
    {
        var specs = Encoders.Select(e => new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("preset", e.Preset), new("bitrate", e.Bitrate)]))).ToList();
        return EncoderBenchmark.CliArguments(input, frames, profile, new BenchCase("swarm", specs, [.. specs.Select(s => FFmpegEncoderSettings.FromOptions(s.Options))]));
    }
}
