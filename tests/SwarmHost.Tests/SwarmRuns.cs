using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>Writes swarm manifests for end-to-end tests, runs them with the real CLI, and checks outputs.</summary>
internal static class SwarmRuns
{
    public const int Gop = 30;

    /// <summary>A swarm of three libx264 encoders at 640x360 on <paramref name="input"/>; 'fast' (the likely leader) is wrapped in chaos when <paramref name="chaos"/> is given.</summary>
    public static string Manifest(string folder, string input, (string Mode, long Frame)? chaos = null, (string Mode, long Frame)? chaosOnAll = null, JsonObject? health = null, string? isolation = null)
    {
        JsonObject Ffmpeg(string preset, string bitrate) => new() { ["plugin"] = "ffmpeg", ["options"] = new JsonObject { ["codec"] = "libx264", ["preset"] = preset, ["bitrate"] = bitrate } };
        JsonObject Wrap(JsonObject inner, (string Mode, long Frame) fault) => new() { ["plugin"] = "chaos", ["options"] = new JsonObject { ["mode"] = fault.Mode, ["frame"] = fault.Frame, ["inner"] = inner } };
        JsonObject Encoder(string id, string preset, string bitrate, (string, long)? fault)
        {
            var spec = Ffmpeg(preset, bitrate);
            if (fault is { } f)
            {
                spec = Wrap(spec, f);
            }

            spec["id"] = id;
            return spec;
        }

        var manifest = new JsonObject
        {
            ["source"] = new JsonObject { ["uri"] = input },
            ["profile"] = new JsonObject { ["codec"] = "h264", ["width"] = 640, ["height"] = 360, ["frameRate"] = "20/1", ["gop"] = Gop },
            ["encoders"] = new JsonArray(
                Encoder("fast", "ultrafast", "1.5M", chaos ?? chaosOnAll),
                Encoder("main", "veryfast", "2M", chaosOnAll),
                Encoder("lean", "superfast", "1M", chaosOnAll)),
            ["combiner"] = new JsonObject { ["plugin"] = "switch" },
            ["output"] = new JsonObject { ["uri"] = "program.ts" },
        };
        if (health is not null)
        {
            manifest["health"] = health;
        }

        if (isolation is not null)
        {
            manifest["isolation"] = isolation;
        }

        var path = Path.Combine(folder, "swarm.json");
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>
    /// The health section for a live test run: with process lanes, a 2 s latency budget. A process lane's first frames wait
    /// while its own runtime compiles the encode and verification paths: under the load of a full test run, its queue can
    /// pass the default budget's limit in the first GOP and lose frames, which in-process lanes do not (measured; see
    /// README, "Encoder lanes"). Those tests are about faults and stopping, not start-up latency.
    /// </summary>
    public static JsonObject? LiveBudgetFor(string isolation, JsonObject? health = null)
    {
        if (isolation != "process")
        {
            return health;
        }

        health ??= [];
        health["latencyBudgetMs"] = 2000;
        return health;
    }

    public static (ExternalTool.Result Result, JsonElement Summary) Run(string manifest, params string[] extra)
    {
        var folder = Path.GetDirectoryName(manifest)!;
        var summary = Path.Combine(folder, "summary.json");
        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--summary", summary, "--events", Path.Combine(folder, "events.jsonl"), .. extra]);
        Assert.True(File.Exists(summary), $"no summary; exit {result.ExitCode}; stderr: {result.Error}");
        using var document = JsonDocument.Parse(File.ReadAllText(summary));
        return (result, document.RootElement.Clone());
    }

    /// <summary>A UDP port free on loopback a moment ago (for a test's sender and the swarm reading it).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(0);
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>A TCP port free on loopback a moment ago (for a run's metrics endpoint).</summary>
    public static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static List<JsonElement> Events(string manifest) =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(manifest)!, "events.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    /// <summary>
    /// Every decoded output frame i must be closer (PSNR-Y) to source frame i than to frames i−1
    /// and i+1: no shift, no repeat. Returns the number of frames compared.
    /// </summary>
    public static int CheckAlignment(string output, string source, int frames)
    {
        var produced = MediaRuns.ReadFrames(output, frames + 1);
        var original = MediaRuns.ReadFrames(source, frames, 640, 360);
        try
        {
            Assert.Equal(original.Count, produced.Count);
            for (var i = 0; i < produced.Count; i++)
            {
                var own = Psnr(produced[i], original[i]);
                if (i > 0)
                {
                    Assert.True(own > Psnr(produced[i], original[i - 1]), $"output frame {i} is closer to source frame {i - 1} ({Psnr(produced[i], original[i - 1]):F2} dB) than to {i} ({own:F2} dB)");
                }

                if (i + 1 < original.Count)
                {
                    Assert.True(own > Psnr(produced[i], original[i + 1]), $"output frame {i} is closer to source frame {i + 1} ({Psnr(produced[i], original[i + 1]):F2} dB) than to {i} ({own:F2} dB)");
                }
            }

            return produced.Count;
        }
        finally
        {
            MediaRuns.Release(produced);
            MediaRuns.Release(original);
        }
    }

    private static double Psnr(VideoFrame a, VideoFrame b) => QualityMeter.Psnr(QualityMeter.MeanSquaredError(a.Y.Span, b.Y.Span));

    public static List<int> LanePids(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "encoder-state" && e.TryGetProperty("pid", out _)).Select(e => e.GetProperty("pid").GetInt32()).Distinct()];

    /// <summary>Whether a process runs with that PID (a zombie counts: it was not reaped).</summary>
    public static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    public static void AssertLanesGone(List<int> pids)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (pids.Any(Alive) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(50);
        }

        Assert.True(!pids.Any(Alive), $"lane processes left behind: {string.Join(", ", pids.Where(Alive).Select(p => $"{p} ({File.ReadAllText($"/proc/{p}/cmdline").Replace('\0', ' ')})"))}");
    }
}
