using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// The audit tells the truth: frames are only made up for a stalled live input, the counters
/// agree with each other and with ffprobe's count of the output, and the exit code says whether
/// the output is complete. Runs the real CLI on real clips and test sources.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class RunAuditTests
{
    public static TheoryData<string, string[]> NotLiveInputs() => new()
    {
        { "cockatoo.mp4", ["--frames", "200"] },
        { "lavfi:testsrc2=size=640x360:rate=20", ["--frames", "200", "--realtime"] },
        { "lavfi:testsrc2=size=640x360:rate=20", ["--frames", "300"] },
    };

    [Theory]
    [MemberData(nameof(NotLiveInputs))]
    public void A_file_or_lavfi_input_beside_two_cpu_hogs_is_read_never_stall_filled_and_the_counters_match_ffprobe(string input, string[] extra)
    {
        var folder = Directory.CreateTempSubdirectory("audit-").FullName;
        var uri = input.StartsWith("lavfi:", StringComparison.Ordinal) ? input : TestPaths.Clip(input);
        var manifest = SwarmRuns.Manifest(folder, uri);
        var frames = long.Parse(extra[1], CultureInfo.InvariantCulture);

        ExternalTool.Result result;
        JsonElement summary;
        using (new CpuHogs(2))
        {
            (result, summary) = SwarmRuns.Run(manifest, extra);
        }

        var framesIn = summary.GetProperty("framesIn").GetInt64();
        var framesOut = summary.GetProperty("framesOut").GetInt64();
        var lost = summary.GetProperty("lostFrames").GetInt64();
        var inserted = summary.GetProperty("insertedFrames").GetInt64();
        Assert.Equal(frames, framesIn);
        Assert.Equal(0, inserted); // not live: read, never waited for
        Assert.DoesNotContain(SwarmRuns.Events(manifest), e => e.GetProperty("type").GetString() is "input-stalled" or "input-resumed");
        Assert.Equal(framesIn - lost + inserted, framesOut);
        Assert.Equal(framesOut, ExternalTool.CountFrames(Path.Combine(folder, "program.ts")));
        Assert.Equal(lost == 0 ? 0 : 1, result.ExitCode);
        if (!extra.Contains("--realtime"))
        {
            Assert.True(lost == 0, $"a run as fast as possible has no deadlines to miss, yet lost {lost}: {result.Output}");
        }
    }

    [Fact]
    public void A_run_that_loses_frames_exits_1_and_says_how_many()
    {
        var folder = Directory.CreateTempSubdirectory("audit-loss-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaosOnAll: ("throw", 75)); // every encoder throws; they rejoin, too late for some slots

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "150");

        var lost = summary.GetProperty("lostFrames").GetInt64();
        Assert.True(lost > 0, $"expected loss: {result.Output}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{lost} frames lost", result.Error, StringComparison.Ordinal);
        var framesOut = summary.GetProperty("framesOut").GetInt64();
        Assert.Equal(summary.GetProperty("framesIn").GetInt64() - lost, framesOut);
        Assert.Equal(framesOut, ExternalTool.CountFrames(Path.Combine(folder, "program.ts")));
    }

    [Fact]
    public void Encoders_that_cannot_open_stop_the_run_before_the_first_frame_with_exit_2_and_each_json_path()
    {
        var folder = Directory.CreateTempSubdirectory("audit-open-").FullName;
        var manifest = Edit(SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20"), m =>
        {
            m["encoders"]![1]!["options"]!["preset"] = "no-such-preset";
            m["encoders"]![2]!["options"]!["private"] = new JsonObject { ["no-such-option"] = "1" };
        });

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(2), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "30"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.encoders[1] (encoder 'main'", result.Error, StringComparison.Ordinal);
        Assert.Contains("$.encoders[2] (encoder 'lean'", result.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-option", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "program.ts")) && new FileInfo(Path.Combine(folder, "program.ts")).Length > 0, "frames were written before the refusal");
    }

    [Fact]
    public void With_min_encoders_below_size_the_swarm_starts_without_an_encoder_that_cannot_open_and_retries_it_with_back_off()
    {
        var folder = Directory.CreateTempSubdirectory("audit-min-").FullName;
        var manifest = Edit(SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20", health: new JsonObject { ["minEncoders"] = 2, ["rejoinAfterFrames"] = 10 }),
            m => m["encoders"]![2]!["options"]!["codec"] = "libnothing");

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "200");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.True(summary.GetProperty("belowSize").GetBoolean());
        Assert.Equal(2, summary.GetProperty("minEncoders").GetInt32());
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        var events = SwarmRuns.Events(manifest);
        var below = Assert.Single(events, e => e.GetProperty("type").GetString() == "swarm-below-size");
        Assert.Contains("$.encoders[2]", below.GetProperty("failures")[0].GetString(), StringComparison.Ordinal);
        var retries = events.Where(e => e.GetProperty("type").GetString() == "rejoin-failed").Select(e => e.GetProperty("retryInFrames").GetInt64()).ToList();
        Assert.True(retries.Count >= 2, $"{retries.Count} failed rejoins");
        Assert.True(retries[1] > retries[0], $"no back-off: {string.Join(", ", retries)}");
    }

    [Fact]
    public void A_min_encoders_above_the_number_of_encoders_is_refused_by_validate_with_its_path()
    {
        var folder = Directory.CreateTempSubdirectory("audit-min-valid-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20", health: new JsonObject { ["minEncoders"] = 4 });

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(2), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "validate", manifest]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.health.minEncoders", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejoins_turned_off_leave_the_swarm_below_its_minimum_and_the_run_exits_1()
    {
        var folder = Directory.CreateTempSubdirectory("audit-below-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("throw", 40), health: new JsonObject { ["rejoinAfterFrames"] = 0 });

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "120");

        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("below health.minEncoders 3", summary.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_duration_limits_the_run_by_source_time()
    {
        var folder = Directory.CreateTempSubdirectory("audit-duration-").FullName;
        var manifest = Edit(SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20"), m => m["source"]!["duration"] = 2.5);

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(50, summary.GetProperty("framesIn").GetInt64()); // 2.5 s at 20 fps: media times 0 … 2.45 s
        Assert.Equal(50, ExternalTool.CountFrames(Path.Combine(folder, "program.ts")));
    }

    [Fact]
    public void A_full_disk_mid_run_exits_1_and_the_output_written_so_far_stays_valid()
    {
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root", "mounting a small tmpfs needs root");
        var folder = Directory.CreateTempSubdirectory("audit-disk-").FullName;
        var disk = Directory.CreateDirectory(Path.Combine(folder, "disk")).FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"));
        var output = Path.Combine(disk, "program.ts");
        Assert.Equal(0, ExternalTool.Run("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", disk).ExitCode);
        try
        {
            var (result, summary) = SwarmRuns.Run(manifest, "--frames", "280", "--output", output);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("the output failed", summary.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Contains(SwarmRuns.Events(manifest), e => e.GetProperty("type").GetString() == "output-failed");
            var written = ExternalTool.CountFrames(output);
            Assert.InRange(written, 1, 279);
            Assert.True(summary.GetProperty("lostFrames").GetInt64() > 0);
        }
        finally
        {
            ExternalTool.Run("umount", "-l", disk);
        }
    }

    [Fact]
    public void A_hung_encoder_call_is_counted_as_an_abandoned_thread_with_one_hang_limit()
    {
        var folder = Directory.CreateTempSubdirectory("audit-hang-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("hang", 50));

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "120");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(1, summary.GetProperty("abandonedThreads").GetInt32());
        Assert.Contains(SwarmRuns.Events(manifest), e => e.GetProperty("type").GetString() == "thread-abandoned" && e.GetProperty("encoder").GetString() == "fast");
        var limit = Assert.Single(summary.GetProperty("hangLimitsMs").EnumerateArray()).GetDouble();
        var failed = SwarmRuns.Events(manifest).Single(e => e.GetProperty("type").GetString() == "encoder-state" && e.GetProperty("state").GetString() == "Failed");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"(limit {limit:F0} ms)"), failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"(limit {limit:F0} ms)"), result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", result.Output, StringComparison.Ordinal);
    }

    private static string Edit(string manifest, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(manifest))!;
        edit(node);
        File.WriteAllText(manifest, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return manifest;
    }
}
