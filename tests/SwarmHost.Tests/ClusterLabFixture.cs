using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SwarmHost.Tests;

/// <summary>The lab the cluster lab tests share: namespaces, a bridge, the deployment's credentials and a ptp4l grandmaster, built once.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterLabFixture : IDisposable
{
    private const int ClusterPort = 4053;

    public ClusterLabFixture()
    {
        if (NetworkLab.Unavailable is not null)
        {
            return;
        }

        Lab = new ClusterLab("cl", "co", "a", "b", "c", "gm");
        Credentials = Path.Combine(Lab.Folder, "credentials");
        var made = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "credentials", "new", Credentials);
        Assert.True(made.ExitCode == 0, made.Error);
        var config = Path.Combine(Lab.Folder, "gm.cfg");
        File.WriteAllText(config, string.Join('\n', "[global]", "priority1 10", "masterOnly 1", "twoStepFlag 1", "time_stamping software", "network_transport UDPv4",
            "delay_mechanism E2E", "logAnnounceInterval -3", "announceReceiptTimeout 2", "logSyncInterval -3", "logMinDelayReqInterval -3", "use_syslog 0") + "\n");
        var grandmaster = Grandmaster = Lab.Start("gm", "ptp4l", "-i", "eth0", "-S", "-4", "-m", "-f", config, $"--uds_address={Path.Combine(Lab.Folder, "gm.sock")}");
        Wait(() => grandmaster.Log().Contains("assuming the grand master role", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => "ptp4l never became grandmaster:\n" + grandmaster.Log());
    }

    internal ClusterLab Lab { get; } = null!;

    internal string Credentials { get; } = "";

    /// <summary>The lab's ptp4l grandmaster (stopped and continued by the holdover test).</summary>
    internal LabProcess Grandmaster { get; } = null!;

    public void Dispose() => Lab?.Dispose();

    /// <summary>Starts nodes a, b and c (a first, the others joining through it), each on the ptp clock; they leave (or are killed) when the result is disposed.</summary>
    internal LabNodes StartNodes()
    {
        var started = new Dictionary<string, LabProcess>(StringComparer.Ordinal);
        var nodes = new LabNodes(started);
        try
        {
            foreach (var node in new[] { "a", "b", "c" })
            {
                string[] arguments = ["node", "--name", node, "--listen", $"{Lab.Address(node)}:{ClusterPort}", "--credentials", Credentials, "--clock", "ptp", "-O", "interface=eth0"];
                started[node] = Lab.Swarmhost(node, node == "a" ? arguments : [.. arguments, "--join", $"{Lab.Address("a")}:{ClusterPort}"]);
                if (node == "a")
                {
                    Wait(() => started["a"].Log().Contains("member up: " + Lab.Address("a"), StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => started["a"].Log());
                }
            }

            Wait(() => Regex.Count(started["a"].Log(), "member up: ") >= 3, TimeSpan.FromSeconds(60), () => string.Join("\n", started.Values.Select(n => n.Log())));
            return nodes;
        }
        catch
        {
            nodes.Dispose();
            throw;
        }
    }

    /// <summary>Waits until every node's advert says its ptp clock is synchronised.</summary>
    internal void WaitUntilSynchronised(TimeSpan timeout) =>
        Wait(() => Adverts().Count(a => a.GetProperty("clock").GetString() == "ptp: Synchronised") == 3, timeout, () => "the nodes' clocks did not synchronise: " + string.Join("; ", Adverts().Select(a => a.ToString())));

    /// <summary>The nodes' adverts as the coordinator's namespace sees them (<c>swarmhost nodes --json</c>).</summary>
    internal List<JsonElement> Adverts()
    {
        var listed = ExternalTool.Run("ip", "netns", "exec", Lab.Ns("co"), "dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "nodes", "--cluster", $"{Lab.Address("a")}:{ClusterPort}", "--credentials", Credentials, "--json", "--timeout", "5");
        var start = listed.Output.IndexOf('{', StringComparison.Ordinal);
        if (listed.ExitCode != 0 || start < 0)
        {
            return [];
        }

        if (start > 0)
        {
            Console.Error.WriteLine($"swarmhost nodes printed before its JSON: {listed.Output[..start]}");
        }

        return [.. JsonDocument.Parse(listed.Output[start..]).RootElement.GetProperty("adverts").EnumerateObject().Select(p => p.Value.Clone())];
    }

    /// <summary>A manifest for run <paramref name="name"/>: a real clip, three libx264 encoders on nodes a, b, c, the ptp clock, the cluster through node a.</summary>
    internal string Manifest(string name, string clip, int minEncoders, string coordinator = "co")
    {
        var path = Path.Combine(Lab.Folder, $"{name}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = new { uri = TestPaths.Clip(clip) },
            ["profile"] = new { codec = "h264", width = 640, height = 360, frameRate = "30/1", gop = 30 },
            ["analyzers"] = Array.Empty<object>(),
            ["clock"] = new { plugin = "ptp", options = new { @interface = "eth0" } },
            ["cluster"] = new { join = new[] { $"{Lab.Address("a")}:{ClusterPort}" }, listen = $"{Lab.Address(coordinator)}:0" },
            ["encoders"] = new object[]
            {
                new { id = "fast", plugin = "ffmpeg", node = "a", options = new { codec = "libx264", preset = "ultrafast", bitrate = "1.5M" } },
                new { id = "main", plugin = "ffmpeg", node = "b", options = new { codec = "libx264", preset = "veryfast", bitrate = "2M" } },
                new { id = "lean", plugin = "ffmpeg", node = "c", options = new { codec = "libx264", preset = "superfast", bitrate = "1M" } },
            },
            ["health"] = new { minEncoders, remoteHangTimeoutMs = 1000 }, // below the default: a cut link or a frozen node is found sooner
            ["combiner"] = new { plugin = "switch" },
            ["output"] = new { uri = Path.Combine(Lab.Folder, $"{name}.ts") },
            ["summary"] = Path.Combine(Lab.Folder, $"{name}.summary.json"),
            ["events"] = Path.Combine(Lab.Folder, $"{name}.events.jsonl"),
        }));
        return path;
    }

    /// <summary>
    /// Checks run <paramref name="name"/>'s summary against the nodes: every encoder's pictures arrived at
    /// its node (median at most <paramref name="limitMs"/> after the intake's stamp, and no earlier than a
    /// second before it: the node's ptp clock and the coordinator's share one time scale), and the pictures
    /// the summary says the nodes filled are those the nodes' own logs counted. Returns a line per encoder
    /// for the test's output.
    /// </summary>
    internal IEnumerable<string> CheckNodeSource(string name, LabNodes nodes, double limitMs)
    {
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Lab.Folder, $"{name}.summary.json"))).RootElement;
        foreach (var encoder in summary.GetProperty("encoders").EnumerateArray())
        {
            var id = encoder.GetProperty("id").GetString()!;
            var source = encoder.GetProperty("nodeSource");
            var arrival = source.GetProperty("arrivalMs");
            var (median, p95) = (arrival.GetProperty("median").GetDouble(), arrival.GetProperty("p95").GetDouble());
            Assert.True(median > -1000 && median < limitMs, $"{id}: pictures arrived at its node {median} ms after the intake's stamp (median)");
            var ran = encoder.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList(); // a failed instance may be re-placed
            var logged = ran.Sum(node => Regex.Matches(nodes.Of(node).Log(), $@"lane {id}: (\d+) picture\(s\) never arrived at this node").Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
            var node = string.Join(" then ", ran);
            Assert.Equal(logged, source.GetProperty("filledFrames").GetInt64());
            yield return string.Create(CultureInfo.InvariantCulture, $"{id} on node {node}: pictures arrived {median:F1}/{p95:F1} ms (median/p95) after the intake's stamp; {logged} filled");
        }
    }

    /// <summary>The node the manifests place <paramref name="encoder"/> on.</summary>
    internal static string NodeOf(string encoder) => encoder switch { "fast" => "a", "main" => "b", _ => "c" };

    /// <summary>Reads the coordinator's metrics until at least <paramref name="frame"/> frames are out; the encoder leading then and the frame count.</summary>
    internal (string Leader, long Frame) WaitForLeader(int metricsPort, long frame, LabProcess run)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.True(run.WaitForExit(TimeSpan.Zero) is null, "the run ended before the fault:\n" + run.Log());
            var scraped = ExternalTool.Run("ip", "netns", "exec", Lab.Ns("co"), "curl", "-s", "--max-time", "2", $"http://127.0.0.1:{metricsPort}/metrics").Output;
            var frames = Regex.Match(scraped, @"^swarmhost_frames_out(?:_total)?(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
            var leading = Regex.Match(scraped, @"^swarmhost_encoder_leading\{[^}]*encoder=""(\w+)""[^}]*\} 1\b", RegexOptions.Multiline);
            if (frames.Success && leading.Success && long.Parse(frames.Groups[1].Value, CultureInfo.InvariantCulture) >= frame)
            {
                return (leading.Groups[1].Value, long.Parse(frames.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"the run never reached frame {frame}:\n{run.Log()}");
    }

    /// <summary>The run's output holds every frame the summary counts and decodes without a message.</summary>
    internal void CheckOutput(string name)
    {
        var output = Path.Combine(Lab.Folder, $"{name}.ts");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Lab.Folder, $"{name}.summary.json")));
        Assert.Equal(0, summary.RootElement.GetProperty("lostFrames").GetInt64());
        Assert.Equal(summary.RootElement.GetProperty("framesOut").GetInt64(), ExternalTool.CountFrames(output));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
    }

    internal static void Wait(Func<bool> done, TimeSpan timeout, Func<string> why)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(watch.Elapsed < timeout, why());
            Thread.Sleep(200);
        }
    }
}

/// <summary>The node processes of one lab test: each asked to leave (SIGCONT first, for a frozen one), or killed, at the end.</summary>
internal sealed class LabNodes(Dictionary<string, LabProcess> nodes) : IDisposable
{
    public LabProcess Of(string name) => nodes[name];

    /// <summary>Every node's log, each headed by its name.</summary>
    public string Logs() => string.Join('\n', nodes.Select(n => $"node {n.Key}:\n{n.Value.Log()}"));

    public void Dispose()
    {
        foreach (var node in nodes.Values.Where(n => !n.HasExited))
        {
            node.Signal("CONT"); // a frozen one must run to hear SIGTERM
            node.Stop();
        }
    }
}
