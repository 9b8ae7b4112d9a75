using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SwarmHost.Tests;

/// <summary>
/// Swarms whose encoders run in process lanes (<c>"isolation": "process"</c>): every chaos mode costs
/// no frame, a lane killed from outside is replaced, and no lane process outlives its host — after
/// a normal end, a failed lane, or the host's own SIGKILL.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class ProcessLaneTests
{
    private const int Frames = 150;

    /// <summary>The managed faults once each; the native faults at the first frame, mid-GOP and on a GOP boundary (<see cref="FaultMatrix"/>: each once in <c>./test.sh</c>, all three in the full matrix).</summary>
    public static TheoryData<string, long> Faults()
    {
        var data = new TheoryData<string, long> { { "throw", 45 }, { "hang", 45 }, { "slow", 45 }, { "garbage", 60 }, { "exit", 0 } };
        foreach (var (mode, frame) in FaultMatrix.Of(["crash", "abort", "native-hang"], [45, 0, 60]))
        {
            data.Add(mode, frame);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_failing_encoder_in_a_process_lane_costs_no_frame_and_leaves_no_process(string mode, long frame)
    {
        var folder = Directory.CreateTempSubdirectory($"lanes-{mode}-{frame}-").FullName;
        var source = TestPaths.Clip("cockatoo.mp4");
        // as in SwarmRunTests: a lasting fault may leave the swarm without 'fast' at the end, which minEncoders 2 allows
        var manifest = SwarmRuns.Manifest(folder, source, chaos: (mode, frame), isolation: "process", health: new() { ["minEncoders"] = 2 });

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", Frames.ToString(CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(Frames, summary.GetProperty("framesIn").GetInt64());
        Assert.Equal(Frames, summary.GetProperty("framesOut").GetInt64());
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("insertedFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("abandonedThreads").GetInt64()); // a hung lane is killed, not left behind
        var output = Path.Combine(folder, "program.ts");
        Assert.Equal(Frames, ExternalTool.CountFrames(output));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(Frames, SwarmRuns.CheckAlignment(output, source, Frames));
        var events = SwarmRuns.Events(manifest);
        var failure = Assert.Single(events, e => State(e) is ("fast", "Failed") && e.GetProperty("instance").GetInt32() == 1).GetProperty("reason").GetString();
        var expected = mode switch { "crash" => "killed by signal 11 (SIGSEGV)", "abort" => "killed by signal 6 (SIGABRT)", "hang" or "native-hang" => "hang:", _ => "" };
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        if (frame < Frames - (3 * SwarmRuns.Gop) && mode is not ("slow" or "exit" or "garbage")) // those are noticed over many frames
        {
            Assert.Contains(events, e => State(e) is ("fast", "Joining") && e.GetProperty("instance").GetInt32() == 2 && e.TryGetProperty("pid", out _)); // a fresh lane, in a process of its own
        }
        var main = summary.GetProperty("encoders").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "main").GetProperty("feedback");
        Assert.InRange(main.GetProperty("peakRssMb").GetDouble(), 20, 4096); // the lane's own process, measured
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "encoder-stats" && e.GetProperty("encoder").GetString() == "main" && e.TryGetProperty("rssMb", out var rss) && rss.GetDouble() > 20); // a GOP that ends before the lane's first reading has none
        var pids = SwarmRuns.LanePids(events);
        Assert.True(pids.Count >= 3, $"every encoder runs in a lane process with its PID in the events; saw {pids.Count}");
        SwarmRuns.AssertLanesGone(pids);
    }

    [Fact]
    public void A_native_crash_of_the_leading_encoder_mid_gop_costs_no_frame_and_a_fresh_lane_rejoins()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-crash-leader-").FullName;
        var source = TestPaths.Clip("cockatoo.mp4");
        var manifest = SwarmRuns.Manifest(folder, source, chaos: ("crash", 45), isolation: "process");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        json["weighting"] = new System.Text.Json.Nodes.JsonObject { ["policy"] = "reactive" }; // equal weights until a miss: 'fast', the first, leads from frame 0
        File.WriteAllText(manifest, json.ToJsonString());

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", Frames.ToString(CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var events = SwarmRuns.Events(manifest);
        var crashed = events.FindIndex(e => State(e) is ("fast", "Failed"));
        var before = events.Take(crashed).ToList(); // what the swarm had decided when the lane died
        Assert.Equal("fast", before.Last(e => e.GetProperty("type").GetString() == "weights").GetProperty("leader").GetString()); // the crash hits the leader,
        Assert.DoesNotContain(before, e => e.GetProperty("type").GetString() == "handover"); // whose units the output had taken from the first frame
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("insertedFrames").GetInt64());
        Assert.Equal(Frames, summary.GetProperty("framesOut").GetInt64());
        var output = Path.Combine(folder, "program.ts");
        Assert.Equal(Frames, ExternalTool.CountFrames(output));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(Frames, SwarmRuns.CheckAlignment(output, source, Frames));
        var failure = Assert.Single(events, e => State(e) is ("fast", "Failed"));
        Assert.Contains("killed by signal 11 (SIGSEGV)", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.InRange(failure.GetProperty("seq").GetInt64(), 45, 75); // noticed at the crash (frame 45, mid-GOP), not a GOP later
        Assert.Contains(events, e => State(e) is ("fast", "Joining") && e.GetProperty("instance").GetInt32() == 2 && e.GetProperty("pid").GetInt32() != failure.GetProperty("pid").GetInt32());
        SwarmRuns.AssertLanesGone(SwarmRuns.LanePids(events));
    }

    [Fact]
    public async Task A_lane_killed_from_outside_is_replaced_by_a_fresh_one_and_nothing_is_lost()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-kill-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), isolation: "process", health: SwarmRuns.LiveBudgetFor("process", new() { ["rejoinAfterFrames"] = 30 }));
        var events = Path.Combine(folder, "events.jsonl");
        var summaryPath = Path.Combine(folder, "summary.json");
        using var host = ExternalTool.Start("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "240", "--realtime", "--summary", summaryPath, "--events", events);
        var drained = Task.WhenAll(host.StandardOutput.ReadToEndAsync(), host.StandardError.ReadToEndAsync());

        var victim = WaitFor(events, e => State(e) is ("main", "Active") ? e.GetProperty("pid").GetInt32() : null, TimeSpan.FromSeconds(60));
        var core = File.ReadLines($"/proc/{victim}/limits").Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal));
        Assert.Equal(["0", "0"], core["Max core file size".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)); // soft and hard: a crashing lane writes no core
        Process.GetProcessById(victim).Kill();
        Assert.True(host.WaitForExit(TimeSpan.FromMinutes(2)), "the swarm did not finish");
        var printed = await drained;

        Assert.True(host.ExitCode == 0, $"exit {host.ExitCode}: {printed[1]}");
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        Assert.Equal(0, summary.RootElement.GetProperty("lostFrames").GetInt64());
        Assert.Equal(240, summary.RootElement.GetProperty("framesOut").GetInt64());
        var all = SwarmRuns.Events(manifest);
        var failed = Assert.Single(all, e => State(e) is ("main", "Failed"));
        Assert.Contains("killed by signal 9 (SIGKILL)", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(all, e => State(e) is ("main", "Active") && e.GetProperty("instance").GetInt32() == 2 && e.GetProperty("pid").GetInt32() != victim);
        SwarmRuns.AssertLanesGone(SwarmRuns.LanePids(all));
    }

    [Fact]
    public async Task Every_lane_ends_within_seconds_when_its_host_is_killed()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-host-kill-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), isolation: "process");
        var events = Path.Combine(folder, "events.jsonl");
        using var host = ExternalTool.Start("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "600", "--realtime", "--events", events);
        var drained = Task.WhenAll(host.StandardOutput.ReadToEndAsync(), host.StandardError.ReadToEndAsync());
        WaitFor(events, e => e.GetProperty("type").GetString() == "run-start" ? 1 : (int?)null, TimeSpan.FromSeconds(60));
        var pids = SwarmRuns.LanePids(SwarmRuns.Events(manifest));
        Assert.Equal(3, pids.Count);

        host.Kill(); // SIGKILL: the host runs no code of its own after this
        var killed = Stopwatch.StartNew();
        host.WaitForExit();
        await drained;

        while (pids.Any(SwarmRuns.Alive) && killed.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        Assert.True(!pids.Any(SwarmRuns.Alive), $"lane processes still running 10 s after their host was killed: {string.Join(", ", pids.Where(SwarmRuns.Alive))}");
        // a lane reads the end of its host's socket at once; the bound leaves room for a machine other jobs keep busy
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(5), $"the lanes took {killed.Elapsed.TotalMilliseconds:F0} ms to end after their host was killed");
    }

    [Fact]
    public void A_lane_that_fails_again_and_again_is_restarted_with_back_off_not_in_a_tight_loop()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-backoff-").FullName;
        // 'exit' from frame 30 on: every fresh instance delivers nothing and fails before its first GOP is complete
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("exit", 30), isolation: "process", health: new() { ["rejoinAfterFrames"] = 10, ["failAfterMisses"] = 5, ["minEncoders"] = 2 });

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "280");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        var events = SwarmRuns.Events(manifest);
        var retries = events.Where(e => e.GetProperty("type").GetString() == "rejoin-failed" && e.GetProperty("encoder").GetString() == "fast")
            .Select(e => (Attempts: e.GetProperty("attempts").GetInt32(), Wait: e.GetProperty("retryInFrames").GetInt64())).ToList();
        Assert.True(retries.Count >= 2, $"expected repeated rejoin-failed events, saw {retries.Count}");
        Assert.Equal(Enumerable.Range(1, retries.Count), retries.Select(r => r.Attempts)); // the first instance's failure is an ordinary one; then each fresh one fails early: one attempt more each time
        Assert.True(retries.Zip(retries.Skip(1)).All(p => p.Second.Wait == Math.Min(2 * p.First.Wait, 160)), $"the cool-down must double each time: {string.Join(", ", retries.Select(r => r.Wait))}");
        SwarmRuns.AssertLanesGone(SwarmRuns.LanePids(events));
    }

    [Fact]
    public void Oom_under_a_lane_memory_limit_costs_no_frame_and_the_lanes_control_group_is_removed()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-oom-").FullName;
        // the kernel reclaims before it kills, which can take longer than the default hang limit: the longer limit lets the OOM killer end it
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("oom", 45), isolation: "process", health: new() { ["hangTimeoutMs"] = 20000 });
        SetOnEncoder(manifest, "fast", "memoryLimitMb", 300);

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", Frames.ToString(CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(Frames, ExternalTool.CountFrames(Path.Combine(folder, "program.ts")));
        var events = SwarmRuns.Events(manifest);
        var failure = Assert.Single(events, e => State(e) is ("fast", "Failed")).GetProperty("reason").GetString();
        Assert.Contains("killed by signal 9 (SIGKILL): the kernel's OOM killer, at the lane's memory limit of 300 MB", failure, StringComparison.Ordinal);
        SwarmRuns.AssertLanesGone(SwarmRuns.LanePids(events));
        Assert.Empty(Directory.EnumerateDirectories("/sys/fs/cgroup", "swarmhost-*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 }));
    }

    [Fact]
    public void A_cpu_quota_holds_a_lane_to_its_share_of_a_core()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-quota-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), isolation: "process");
        SetOnEncoder(manifest, "main", "cpuQuota", 0.2);

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "90");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        var main = summary.GetProperty("encoders").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "main");
        var cpuMs = main.GetProperty("feedback").GetProperty("cpuMsPerFrame").GetDouble() * 90;
        var wallMs = summary.GetProperty("elapsedSeconds").GetDouble() * 1000;
        // the lane's whole-process CPU (encoder threads, verification, runtime) cannot pass 0.2 cores over its life; unlimited it takes
        // several times that here. Load on the machine only lowers it. The slack covers the moments before the lane joins its group.
        Assert.True(cpuMs <= (0.2 * wallMs * 1.1) + 300, $"lane 'main' used {cpuMs:F0} ms of CPU in {wallMs:F0} ms: more than its 0.2-core quota");
    }

    [Fact]
    public void A_lane_limit_on_an_encoder_in_the_hosts_process_is_refused_with_its_path()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-limit-refused-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"));
        SetOnEncoder(manifest, "lean", "memoryLimitMb", 500);

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "validate", manifest);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.encoders[2].memoryLimitMb: a limit is enforced on a process lane only", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lane_whose_encoder_refuses_its_options_is_a_clear_error_naming_the_encoder_before_the_first_frame()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-refused-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), isolation: "process");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        json["encoders"]![1]!["options"]!["tune"] = "nonexistent"; // libx264 refuses it when it opens, in the lane
        File.WriteAllText(manifest, json.ToJsonString());
        var events = Path.Combine(folder, "events.jsonl");

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "60", "--events", events);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.encoders[1] (encoder 'main', plugin 'ffmpeg'): InvalidOperationException: Encoder 'main' (libx264) failed opening libx264", result.Error, StringComparison.Ordinal);
        Assert.Contains("lane main#1 (pid ", result.Error, StringComparison.Ordinal); // the lane's own words, under its encoder id
        Assert.Contains("invalid tune 'nonexistent'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "program.ts")) && ExternalTool.CountFrames(Path.Combine(folder, "program.ts")) > 0, "no frame may be written before every encoder opened");
        Assert.False(File.Exists(events), "refused before the run started: no events");
        // the lanes that did open were stopped too; only this collection's tests start lanes, one run at a time
        SwarmRuns.AssertLanesGone([.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(p => int.TryParse(p, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && SafeCommandLine(pid).Contains("swarmhost.dll lane ", StringComparison.Ordinal))]);
    }

    [Fact]
    public void Validate_warns_of_a_native_fault_in_the_hosts_process_and_refuses_oom_without_a_lane_memory_limit()
    {
        var folder = Directory.CreateTempSubdirectory("lanes-hazards-").FullName;
        var crash = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("crash", 45));

        var warned = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "validate", crash);

        Assert.Equal(0, warned.ExitCode); // allowed: a test may mean to take the host down
        Assert.Contains("warning: $.encoders[0].options.mode: 'crash' ends or freezes the whole process it runs in", warned.Output, StringComparison.Ordinal);

        var oom = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"), chaos: ("oom", 45), isolation: "process");
        var refused = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "validate", oom);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("$.encoders[0].options.mode: 'oom' takes memory without bound until the process is killed, and encoder 'fast' has no lane memory limit", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", refused.Output, StringComparison.Ordinal); // in a process lane a native fault is no danger to the host
    }

    private static string SafeCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void SetOnEncoder(string manifest, string id, string property, double value)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        var encoder = json["encoders"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == id)!;
        encoder[property] = value == Math.Floor(value) ? (System.Text.Json.Nodes.JsonNode)(long)value : value;
        File.WriteAllText(manifest, json.ToJsonString());
    }

    private static (string?, string?) State(JsonElement e) =>
        e.GetProperty("type").GetString() == "encoder-state" ? (e.GetProperty("encoder").GetString(), e.GetProperty("state").GetString()) : (null, null);

    /// <summary>Reads the events file as it grows until <paramref name="find"/> gives a value.</summary>
    private static int WaitFor(string events, Func<JsonElement, int?> find, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (File.Exists(events))
            {
                using var reader = new StreamReader(new FileStream(events, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                while (reader.ReadLine() is { } line)
                {
                    if (line.EndsWith('}') && find(JsonDocument.Parse(line).RootElement) is { } found)
                    {
                        return found;
                    }
                }
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"{events} never showed what the test waits for");
    }
}
