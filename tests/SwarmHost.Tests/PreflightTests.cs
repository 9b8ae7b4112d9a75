using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Preflight;

namespace SwarmHost.Tests;

/// <summary><c>validate --open</c> on real components (FFmpeg encoders, the ONNX analyzer) and the memory bound that <c>validate</c> and <c>run</c> share.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class PreflightTests : IDisposable
{
    private static readonly string[] LivePresets = ["ultrafast", "superfast", "veryfast"];
    private static readonly string[] EstimatePresets = ["ultrafast", "veryfast", "medium"];
    private readonly string _folder = Directory.CreateTempSubdirectory("swarmhost-preflight-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ExternalTool.Result Swarmhost(params string[] arguments) =>
        ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Encoder(string id, string options) => $$"""{ "id": "{{id}}", "plugin": "ffmpeg", "options": {{options}} }""";

    private static string Manifest(int width, int height, string analyzers, bool realtime, params string[] encoders) => $$"""
        {
          "source": { "uri": "lavfi:testsrc2=size={{width}}x{{height}}:rate=30", "frames": 3{{(realtime ? ", \"realtime\": true" : "")}} },
          "profile": { "codec": "h264", "width": {{width}}, "height": {{height}}, "frameRate": "30/1", "gop": 30 },
          "analyzers": [ {{analyzers}} ],
          "encoders": [ {{string.Join(", ", encoders)}} ],
          "combiner": { "plugin": "switch" },
          "output": { "uri": "out/program.ts" }
        }
        """;

    [Fact]
    public void Validate_open_reports_every_refusal_of_real_components_at_its_json_path_and_exits_2()
    {
        File.WriteAllText(Path.Combine(_folder, "junk.onnx"), "this is not an ONNX model");
        var manifest = Write("faults.json", Manifest(640, 360,
            """{ "plugin": "complexity" }, { "plugin": "onnx-content-type", "options": { "model": "models/missing.onnx" } }, { "id": "junk", "plugin": "onnx-content-type", "options": { "model": "junk.onnx" } }""",
            false,
            Encoder("good", """{ "codec": "libx264", "preset": "ultrafast" }"""),
            Encoder("warp", """{ "codec": "libx264", "preset": "warpspeed" }"""),
            Encoder("nope", """{ "codec": "libnope" }"""),
            Encoder("picky", """{ "codec": "libx264", "preset": "ultrafast", "private": { "no-such-option": "1" } }"""),
            Encoder("hevc", """{ "codec": "libx265", "preset": "ultrafast" }""")));

        var result = Swarmhost("validate", "--open", manifest);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("$.analyzers[1].options.model: file not found", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.analyzers[2].options.model: ", StringComparison.Ordinal) && l.Contains("not a usable ONNX model", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.encoders[1].options.preset: \"warpspeed\" is refused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.encoders[2].options.codec: \"libnope\" is refused", StringComparison.Ordinal) && l.Contains("no encoder named 'libnope'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.encoders[3].options.private['no-such-option']: ", StringComparison.Ordinal) && l.Contains("Option not found", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.encoders[4].options.codec: encoder 'hevc' produces hevc, but the 'switch' combiner writes one h264 stream", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("$.encoders[0]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("6 problem(s); nothing was run.", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_open_passes_a_640x360_swarm_and_prints_a_small_memory_estimate()
    {
        var manifest = Write("good.json", Manifest(640, 360, """{ "plugin": "complexity" }, { "plugin": "onnx-content-type" }""", false,
            Encoder("a", """{ "codec": "libx264", "preset": "ultrafast" }"""),
            Encoder("b", """{ "codec": "libx264", "preset": "veryfast" }"""),
            Encoder("c", """{ "codec": "libx264", "preset": "superfast", "private": { "x264-params": "aq-mode=2" } }""")));

        var result = Swarmhost("validate", "--open", manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output} {result.Error}");
        Assert.Contains("valid — 3 encoders", result.Output, StringComparison.Ordinal);
        var memory = System.Text.RegularExpressions.Regex.Match(result.Output, @"memory: about ([0-9]+) MB of [0-9.]+ GB available");
        Assert.True(memory.Success, result.Output);
        Assert.InRange(int.Parse(memory.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 300, 1000);
        Assert.Contains("opened: 7 components", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_and_run_refuse_an_8192x4320_realtime_swarm_of_3_encoders_on_memory_before_any_frame()
    {
        // 256 frames of 53 MB in the live queues alone are 13.6 GB; with the encoders' and decoders' pictures the estimate
        // passes the 24 GiB these machines have, whatever else is running
        var encoders = LivePresets.Select((p, i) => Encoder($"e{i}", $$"""{ "codec": "libx264", "preset": "{{p}}" }""")).ToArray();
        var live = Write("live.json", Manifest(8192, 4320, "", true, encoders));
        var paced = Write("paced.json", Manifest(8192, 4320, "", false, encoders));

        var validated = Swarmhost("validate", live);
        var run = Swarmhost("run", paced, "--realtime");

        Assert.Equal(2, validated.ExitCode);
        Assert.Matches(@"\$\.profile: this swarm needs about [0-9.]+ GB of memory, more than the [0-9.]+ GB it may use", validated.Output);
        Assert.Contains("frames in flight", validated.Output, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"\$\.profile: this swarm needs about [0-9.]+ GB of memory", run.Error);
        Assert.Contains("nothing was run", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "out", "program.ts")), "the run wrote output although it was refused");
    }

    [Fact]
    public void The_estimate_grows_by_the_live_queues_and_counts_every_encoder()
    {
        var profile = new OutputProfile("h264", 640, 360, new Rational(30, 1), 30);
        var encoders = EstimatePresets
            .Select((p, i) => new ComponentInstance($"e{i}", new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("preset", p)])), $"$.encoders[{i}]"))
            .ToList();
        PreflightTargets Targets(bool live) => new("m.json", profile, null, [], encoders, null, live, VerifyOutput: true, CombinerSwitches: true);

        var paced = MemoryEstimator.Estimate(Targets(false));
        var live = MemoryEstimator.Estimate(Targets(true));

        var pooled = MemoryEstimator.PooledBytes(VideoFrame.BufferSize(640, 360));
        Assert.Equal(524_288, pooled); // 345,600 bytes rounded up to the array pool's power of two
        Assert.Equal((MemoryEstimator.LiveQueueFrames - MemoryEstimator.QueueFrames) * pooled, live.TotalBytes - paced.TotalBytes);
        Assert.Equal(3, paced.Items.Count(i => i.Name.StartsWith("encoder '", StringComparison.Ordinal)));
        var medium = paced.Items.Single(i => i.Name.StartsWith("encoder 'e2'", StringComparison.Ordinal));
        Assert.Equal((long)((40 + 3 + 3 + 3) * 640.0 * 360 * 6), medium.Bytes); // lookahead 40, B-frames 3, references 3, 3 working pictures
        Assert.InRange(paced.TotalBytes, MemoryEstimator.RuntimeBytes, 1_000_000_000);
    }

    [Fact]
    public void An_unknown_codec_or_preset_is_counted_at_the_largest_lookahead()
    {
        var profile = new OutputProfile("h264", 1280, 720, new Rational(30, 1), 30);
        var known = EncoderFootprint.Of(new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("preset", "placebo")])), profile);
        var preset = EncoderFootprint.Of(new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("preset", "warpspeed")])), profile);
        var codec = EncoderFootprint.Of(new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libsvtav1")])), profile);
        var wrapped = EncoderFootprint.Of(new ComponentSpec("chaos", new ComponentOptions([new("inner", new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("preset", "ultrafast"), new("width", 640L), new("height", 360L)])))])), profile);

        Assert.Equal(60 + 16 + 16 + 3, preset.HeldFrames);
        Assert.Equal(preset.HeldFrames, codec.HeldFrames);
        Assert.True(known.HeldFrames <= preset.HeldFrames);
        Assert.Equal((0 + 0 + 1 + 3, 640, 360), (wrapped.HeldFrames, wrapped.Width, wrapped.Height));
    }

    [Fact]
    public void The_limit_is_the_smaller_of_MemAvailable_and_the_cgroup_headroom_less_a_margin()
    {
        var proc = Directory.CreateDirectory(Path.Combine(_folder, "proc", "self")).Parent!.FullName;
        var mount = Path.Combine(_folder, "cgroup");
        File.WriteAllText(Path.Combine(proc, "meminfo"), "MemTotal:       25165824 kB\nMemFree:        1000000 kB\nMemAvailable:   10000000 kB\n");

        // no cgroup limit: MemAvailable less 10 %
        File.WriteAllText(Path.Combine(proc, "self", "cgroup"), "0::/jobs/swarm\n");
        var group = Directory.CreateDirectory(Path.Combine(mount, "jobs", "swarm")).FullName;
        File.WriteAllText(Path.Combine(group, "memory.max"), "max\n");
        var open = MemoryLimit.Read(proc, mount);
        Assert.Equal(10_000_000L * 1024, open.AvailableBytes);
        Assert.Equal("MemAvailable", open.Source);
        Assert.Equal(open.AvailableBytes - (open.AvailableBytes / 10), open.LimitBytes);

        // cgroup v2: a parent's 2 GiB limit, 1.5 GiB used of which 0.5 GiB is reclaimable file cache: 1 GiB headroom
        File.WriteAllText(Path.Combine(mount, "jobs", "memory.max"), $"{2L << 30}\n");
        File.WriteAllText(Path.Combine(mount, "jobs", "memory.current"), $"{3L << 29}\n");
        File.WriteAllText(Path.Combine(mount, "jobs", "memory.stat"), $"anon 100\ninactive_file {1L << 29}\n");
        var v2 = MemoryLimit.Read(proc, mount);
        Assert.Equal(1L << 30, v2.AvailableBytes);
        Assert.Equal("cgroup memory.max", v2.Source);
        Assert.Equal((1L << 30) - (256L << 20), v2.LimitBytes); // the margin is at least 256 MiB

        // cgroup v1: memory.limit_in_bytes of the process's memory group
        File.WriteAllText(Path.Combine(proc, "self", "cgroup"), "4:memory:/box\n0::/\n");
        var v1 = Directory.CreateDirectory(Path.Combine(mount, "memory", "box")).FullName;
        File.WriteAllText(Path.Combine(v1, "memory.limit_in_bytes"), $"{3L << 30}\n");
        File.WriteAllText(Path.Combine(v1, "memory.usage_in_bytes"), $"{1L << 30}\n");
        var limited = MemoryLimit.Read(proc, mount);
        Assert.Equal(2L << 30, limited.AvailableBytes);
        Assert.Equal("cgroup memory.limit_in_bytes", limited.Source);
    }
}
