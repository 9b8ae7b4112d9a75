using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SwarmHost.Tests;

/// <summary>
/// A swarm whose three encoders run on three real <c>swarmhost node</c> processes (loopback), each
/// decoding a real clip for itself and sending its units back over a TLS lane link to the
/// coordinator (<c>swarmhost run</c>): lost 0, and the output checked by ffprobe and a silent
/// decode. Also: a run whose manifest names a node that is not there fails after its wait, naming it.
/// </summary>
[Collection(ClusterTestGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RemoteLaneTests : IDisposable
{
    private static readonly TimeSpan Joining = TimeSpan.FromSeconds(60);
    private static readonly string[] Ids = ["fast", "main", "lean"];
    private static readonly string[] FourNodes = ["a", "b", "c", "d"];
    private readonly LoopbackCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Three_encoders_on_three_nodes_make_a_complete_output_of_a_real_clip()
    {
        var credentials = Credentials();
        var ports = new[] { NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort() };
        var first = Node("a", ports[0], credentials, null);
        first.WaitFor("member up: " + NodeProcess.Endpoint(ports[0]), Joining);
        var others = new[] { Node("b", ports[1], credentials, ports[0]), Node("c", ports[2], credentials, ports[0]) };
        first.WaitFor("member up:", Joining, count: 3);

        var output = Path.Combine(_cluster.Folder.FullName, "program.ts");
        var summary = Path.Combine(_cluster.Folder.FullName, "summary.json");
        var manifest = Manifest(ports[0], ["a", "b", "c"], output, summary);
        var run = Swarmhost(TimeSpan.FromMinutes(4), "run", manifest, "--credentials", credentials, "--quiet", "--frames", "150");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{ExternalTool.LastLinesFirst(run.Error)}");
        Assert.Contains("lost frames: 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("run: nodes ready: a (", run.Error, StringComparison.Ordinal);
        using var written = JsonDocument.Parse(File.ReadAllText(summary));
        Assert.Equal(150, written.RootElement.GetProperty("framesOut").GetInt64());
        Assert.Equal(150, ExternalTool.CountFrames(output));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        foreach (var encoder in written.RootElement.GetProperty("encoders").EnumerateArray())
        {
            // the nodes told the coordinator when each picture reached them, by their own clocks (the system clock here, as the coordinator's)
            var arrival = encoder.GetProperty("nodeSource").GetProperty("arrivalMs").GetProperty("median").GetDouble();
            Assert.True(Math.Abs(arrival) < 2000, $"{encoder.GetProperty("id")}: pictures reached its node {arrival} ms after the intake stamped them (median)");
        }

        Assert.Matches(@"source at node -?\d+/-?\d+ ms", run.Output);

        // each node ran its lane and saw the coordinator leave; no lane process is left on any node
        foreach (var (node, id) in new[] { (first, "fast"), (others[0], "main"), (others[1], "lean") })
        {
            node.WaitFor($"lane {id} (instance 1): finished", TimeSpan.FromSeconds(30));
            node.WaitFor("(coordinator)", TimeSpan.FromSeconds(30));
        }

        Assert.All(new[] { first, others[0], others[1] }, n => Assert.Equal("", Children(n)));
    }

    [Fact]
    public void The_demo_on_three_nodes_loses_no_frame_when_the_leading_node_is_killed_and_re_places_its_encoder()
    {
        var folder = Path.Combine(_cluster.Folder.FullName, "demo");
        var demo = Swarmhost(TimeSpan.FromMinutes(5), "demo", "--nodes", "3", "--quiet", "--out", folder);
        Assert.True(demo.ExitCode == 0, $"exit {demo.ExitCode}\n{demo.Output}\n{ExternalTool.LastLinesFirst(demo.Error)}");
        Assert.Contains("lost frames: 0", demo.Output, StringComparison.Ordinal);
        var killed = System.Text.RegularExpressions.Regex.Match(demo.Error, @"demo: killed node (\w) \(pid \d+\), which runs the leading encoder '(\w+)', at frame (\d+)");
        Assert.True(killed.Success, demo.Error);
        var (node, encoder) = (killed.Groups[1].Value, killed.Groups[2].Value);
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.Matches($@", on node (\w then )*{name}\b", demo.Output); // the summary names every node an encoder ran on
            Assert.Contains(name == node ? $"demo: node {name} ended" : $"demo: node {name} left the cluster", demo.Error, StringComparison.Ordinal);
        }

        // the killed node's encoder failed at once (its link closed) and a fresh instance ran on another node
        var events = File.ReadAllLines(Path.Combine(folder, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var states = events.Where(e => e.GetProperty("type").GetString() == "encoder-state" && e.GetProperty("encoder").GetString() == encoder).ToList();
        Assert.Contains(states, e => e.GetProperty("state").GetString() == "Failed" && e.GetProperty("reason").GetString()!.Contains($"node '{node}'", StringComparison.Ordinal));
        Assert.Contains(states, e => e.GetProperty("state").GetString() == "Joining" && e.TryGetProperty("node", out var placed) && placed.GetString() != node);
        var output = Path.Combine(folder, "program.ts");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(summary.RootElement.GetProperty("framesOut").GetInt64(), ExternalTool.CountFrames(output));
        Assert.Equal(300, summary.RootElement.GetProperty("framesOut").GetInt64());
        Assert.Equal("", ExternalTool.DecodeErrors(output));

        // nothing left behind: no node, no lane, no credentials
        Assert.DoesNotContain("swarmhost-demo-", ExternalTool.Run("ps", "-eo", "args").Output, StringComparison.Ordinal); // every node had the demo's credentials folder on its command line
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "swarmhost-demo-*"), d => Directory.GetCreationTimeUtc(d) > DateTime.UtcNow.AddMinutes(-6)); // the demo's credentials were deleted
    }

    [Fact]
    public void A_node_asked_to_stop_drains_its_lane_to_another_node_and_leaves_and_nothing_is_lost()
    {
        var credentials = Credentials();
        var ports = new[] { NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort() };
        var first = Node("a", ports[0], credentials, null);
        first.WaitFor("member up: " + NodeProcess.Endpoint(ports[0]), Joining);
        var (b, c) = (Node("b", ports[1], credentials, ports[0]), Node("c", ports[2], credentials, ports[0]));
        first.WaitFor("member up:", Joining, count: 3);
        var events = Path.Combine(_cluster.Folder.FullName, "drain.events.jsonl");
        var output = Path.Combine(_cluster.Folder.FullName, "drain.ts");
        using var run = NodeProcess.Start("run", Manifest(ports[0], ["a", "b", "c"], output, null, clip: "vtest.avi"), "--credentials", credentials, "--quiet", "--events", events);
        b.WaitFor("lane main (instance 1): encoder opened", Joining);
        Thread.Sleep(2000); // encoding

        Assert.Equal(0, b.Terminate(TimeSpan.FromSeconds(30)));
        var drained = b.Log();
        Assert.Contains("node b: draining: stopping 1 lane(s)", drained, StringComparison.Ordinal);
        Assert.Contains("lane main (instance 1): stopped: the node is draining", drained, StringComparison.Ordinal);
        Assert.Contains("node b: left the cluster", drained, StringComparison.Ordinal);
        var code = run.Wait(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}\n{run.Log()}");
        Assert.Contains("lost frames: 0", run.Log(), StringComparison.Ordinal);
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        var states = File.ReadAllLines(events).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "encoder-state" && e.GetProperty("encoder").GetString() == "main").ToList();
        Assert.Contains(states, e => e.GetProperty("state").GetString() == "Failed" && e.GetProperty("reason").GetString()!.Contains("node 'b' is draining", StringComparison.Ordinal));
        Assert.Contains(states, e => e.GetProperty("state").GetString() == "Joining" && e.TryGetProperty("node", out var placed) && placed.GetString() is "a" or "c");
    }

    [Fact]
    public void Placement_auto_spreads_three_encoders_over_four_nodes_and_re_places_a_killed_nodes_encoder_on_the_spare()
    {
        var credentials = Credentials();
        var ports = Enumerable.Range(0, 4).Select(_ => NodeProcess.FreePort()).ToArray();
        var first = Node("a", ports[0], credentials, null);
        first.WaitFor("member up: " + NodeProcess.Endpoint(ports[0]), Joining);
        var nodes = new[] { first, Node("b", ports[1], credentials, ports[0]), Node("c", ports[2], credentials, ports[0]), Node("d", ports[3], credentials, ports[0]) };
        first.WaitFor("member up:", Joining, count: 4);
        var events = Path.Combine(_cluster.Folder.FullName, "auto.events.jsonl");
        var output = Path.Combine(_cluster.Folder.FullName, "auto.ts");
        var cores = Environment.ProcessorCount; // each encoder takes a whole node
        using var run = NodeProcess.Start("run", Manifest(ports[0], [null, null, null], output, null, cores: cores, clip: "vtest.avi", auto: true), "--credentials", credentials, "--quiet", "--events", events);
        run.WaitFor("placed encoder 'lean' on node", Joining);
        var placed = Ids.ToDictionary(id => id, id => Regex.Match(run.Log(), $"placed encoder '{id}' on node (\\w)").Groups[1].Value);
        Assert.Equal(3, placed.Values.Distinct().Count()); // one encoder per node
        var spare = FourNodes.Single(n => !placed.ContainsValue(n));
        var victim = nodes[placed["fast"][0] - 'a'];
        victim.WaitFor("lane fast (instance 1): encoder opened", Joining);
        Thread.Sleep(2000); // encoding
        victim.Signal("KILL");

        var code = run.Wait(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}\n{run.Log()}");
        Assert.Contains("lost frames: 0", run.Log(), StringComparison.Ordinal);
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        var joins = File.ReadAllLines(events).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "encoder-state" && e.GetProperty("encoder").GetString() == "fast" && e.GetProperty("state").GetString() == "Joining").ToList();
        Assert.Equal(placed["fast"], joins[0].GetProperty("node").GetString());
        Assert.Contains(joins.Skip(1), e => e.GetProperty("node").GetString() == spare); // re-placed on the node with cores free
    }

    [Fact]
    public void Nodes_stop_the_lanes_of_a_coordinator_that_went_silent()
    {
        var credentials = Credentials();
        var port = NodeProcess.FreePort();
        var node = Node("a", port, credentials, null);
        node.WaitFor("member up: " + NodeProcess.Endpoint(port), Joining);
        // in real time, three lanes decoding and encoding on one busy node may fall behind: a long budget and no failing for misses keep every lane running until the freeze, which is what is tested here
        var manifest = Manifest(port, ["a", "a", "a"], Path.Combine(_cluster.Folder.FullName, "silent.ts"), null, cores: 0.5, health: new { latencyBudgetMs = 10_000, failAfterMisses = 100_000 });
        using var coordinator = NodeProcess.Start("run", manifest, "--credentials", credentials, "--quiet", "--realtime");
        node.WaitFor("lane lean (instance 1): encoder opened", Joining);
        Thread.Sleep(3000); // encoding
        Assert.True(!coordinator.HasExited && !node.Log().Contains("the lane was stopped", StringComparison.Ordinal), $"the lanes ended before the coordinator froze; the coordinator printed:\n{coordinator.Log()}\n--- the node:\n{node.Log()}");
        coordinator.Signal("STOP"); // a coordinator that hangs: its links stay open, but it says nothing
        var frozen = System.Diagnostics.Stopwatch.StartNew();
        while (Children(node) != "" && frozen.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(200);
        }

        Assert.Equal("", Children(node)); // every lane process of the node ended
        Assert.True(frozen.Elapsed < TimeSpan.FromSeconds(15), $"the lanes stopped {frozen.Elapsed.TotalSeconds:0.0} s after the coordinator froze");
        node.WaitFor("no word from the coordinator for 8 s; the lane was stopped", TimeSpan.FromSeconds(10), count: 3); // every lane stopped for that reason
        coordinator.Signal("KILL");
    }

    [Fact]
    public void A_run_placing_an_encoder_on_a_missing_node_fails_after_its_wait_naming_the_node()
    {
        var credentials = Credentials();
        var port = NodeProcess.FreePort();
        var only = Node("a", port, credentials, null);
        only.WaitFor("member up: " + NodeProcess.Endpoint(port), Joining);
        var manifest = Manifest(port, ["a", "a", "ghost"], Path.Combine(_cluster.Folder.FullName, "never.ts"), null, waitSeconds: 3);
        var run = Swarmhost(TimeSpan.FromMinutes(2), "run", manifest, "--credentials", credentials, "--quiet");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("$.cluster: after waiting 3 s", run.Error, StringComparison.Ordinal);
        Assert.Contains("$.encoders[2].node: node 'ghost' is not a reachable member of the cluster ('a' is there)", run.Error, StringComparison.Ordinal);

        // validate --cluster finds the same, and every other misfit at once, without running anything
        var cores = Environment.ProcessorCount;
        var heavy = Manifest(port, ["a", "a", "ghost"], Path.Combine(_cluster.Folder.FullName, "never.ts"), null, cores: cores);
        var checkedAgainst = Swarmhost(TimeSpan.FromMinutes(1), "validate", heavy, "--cluster", NodeProcess.Endpoint(port), "--credentials", credentials);
        Assert.Equal(2, checkedAgainst.ExitCode);
        Assert.Contains("$.encoders[2].node: node 'ghost' is not a reachable member of the cluster ('a' is there)", checkedAgainst.Output, StringComparison.Ordinal);
        Assert.Contains($"$.encoders[0].node: the encoders placed on node 'a' (fast, main) declare {2 * cores} cores; it has {cores} of {cores} free", checkedAgainst.Output, StringComparison.Ordinal);
        var fits = Swarmhost(TimeSpan.FromMinutes(1), "validate", Manifest(port, ["a", "a", "a"], Path.Combine(_cluster.Folder.FullName, "never.ts"), null, cores: 0.5), "--cluster", NodeProcess.Endpoint(port), "--credentials", credentials);
        Assert.True(fits.ExitCode == 0, fits.Output + fits.Error);
        Assert.Contains("placement: every encoder placed on a node fits the cluster at " + NodeProcess.Endpoint(port), fits.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cluster.Folder.FullName, "never.ts")));

        var live = Swarmhost(TimeSpan.FromMinutes(1), "validate", Edited(manifest, "live", json =>
        {
            json["source"] = new JsonObject { ["uri"] = "udp://127.0.0.1:5999" }; // a unicast stream only the coordinator receives ...
            json["cluster"]!["source"] = "shared"; // ... which each node is to read itself
        }));
        Assert.Equal(2, live.ExitCode);
        Assert.Contains("$.cluster.source: the source 'udp://127.0.0.1:5999' is a live stream that only the coordinator receives", live.Output, StringComparison.Ordinal);
        var relayed = Swarmhost(TimeSpan.FromMinutes(1), "validate", Edited(manifest, "generated", json =>
        {
            json["source"] = new JsonObject { ["uri"] = "lavfi:testsrc2=size=640x360:rate=30" };
            json["cluster"]!["source"] = "relay";
            json["health"] = new JsonObject { ["latencyBudgetMs"] = 200 };
        }));
        Assert.Equal(2, relayed.ExitCode);
        Assert.Contains("$.cluster.source: the source 'lavfi:testsrc2=size=640x360:rate=30' is a lavfi: graph, which has no compressed packets to relay", relayed.Output, StringComparison.Ordinal);
        Assert.Contains("$.health.latencyBudgetMs: the latency budget of 200 ms is below twice the relay's SRT latency (120 ms) plus one frame", relayed.Output, StringComparison.Ordinal);

        var unplaced = Swarmhost(TimeSpan.FromMinutes(1), "validate", ManifestWithoutCluster());
        Assert.Equal(2, unplaced.ExitCode);
        Assert.Contains("is placed on node 'b', but the manifest names no cluster", unplaced.Error + unplaced.Output, StringComparison.Ordinal);
    }

    private string Manifest(int seed, string?[] nodes, string output, string? summary, double waitSeconds = 30, double cores = 1, string clip = "cockatoo.mp4", bool auto = false, object? health = null)
    {
        var path = Path.Combine(_cluster.Folder.FullName, $"swarm-{Guid.NewGuid():N}.json");
        var encoders = new[] { ("fast", "ultrafast", "1.5M"), ("main", "veryfast", "2M"), ("lean", "superfast", "1M") }
            .Select((e, i) => new Dictionary<string, object>
            {
                ["id"] = e.Item1,
                ["plugin"] = "ffmpeg",
                ["cores"] = cores,
                ["options"] = new Dictionary<string, object> { ["codec"] = "libx264", ["preset"] = e.Item2, ["bitrate"] = e.Item3 },
            }).ToList();
        for (var i = 0; i < encoders.Count; i++)
        {
            if (nodes[i] is { } node)
            {
                encoders[i]["node"] = node;
            }
        }

        var manifest = new Dictionary<string, object?>
        {
            ["source"] = new { uri = TestPaths.Clip(clip) },
            ["profile"] = new { codec = "h264", width = 640, height = 360, frameRate = "30/1", gop = 30 },
            ["analyzers"] = Array.Empty<object>(),
            ["cluster"] = new { join = new[] { NodeProcess.Endpoint(seed) }, waitSeconds, placement = auto ? "auto" : "manual" },
            ["encoders"] = encoders,
            ["combiner"] = new { plugin = "switch" },
            ["output"] = new { uri = output },
        };
        if (summary is not null)
        {
            manifest["summary"] = summary;
        }

        if (health is not null)
        {
            manifest["health"] = health;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
        return path;
    }

    /// <summary>A copy of <paramref name="manifest"/>, named <paramref name="name"/>, changed by <paramref name="edit"/>.</summary>
    private string Edited(string manifest, string name, Action<JsonNode> edit)
    {
        var path = Path.Combine(_cluster.Folder.FullName, name + ".json");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private string ManifestWithoutCluster()
    {
        var path = Path.Combine(_cluster.Folder.FullName, "no-cluster.json");
        File.WriteAllText(path, $$"""
            {
              "source": { "uri": "{{TestPaths.Clip("cockatoo.mp4")}}" },
              "profile": { "codec": "h264", "width": 640, "height": 360, "frameRate": "30/1", "gop": 30 },
              "encoders": [
                { "id": "a", "plugin": "ffmpeg", "options": { "codec": "libx264" } },
                { "id": "b", "plugin": "ffmpeg", "node": "b", "options": { "codec": "libx264" } },
                { "id": "c", "plugin": "ffmpeg", "options": { "codec": "libx264" } }
              ],
              "output": { "uri": "x.ts" }
            }
            """);
        return path;
    }

    private string Credentials() => _cluster.Credentials();

    private NodeProcess Node(string name, int port, string credentials, int? join) => _cluster.Node(name, port, credentials, join);

    /// <summary>The child processes of <paramref name="node"/> still running (its lanes), as <c>ps</c> lists them; empty when none.</summary>
    private static string Children(NodeProcess node) =>
        ExternalTool.Run("ps", "-o", "pid=,args=", "--ppid", node.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Output.Trim();

    private static ExternalTool.Result Swarmhost(TimeSpan timeout, params string[] arguments) => LoopbackCluster.Swarmhost(timeout, arguments);
}
