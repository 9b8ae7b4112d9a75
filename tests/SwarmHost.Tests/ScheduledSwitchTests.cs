using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// Handovers planned at given frames (<c>scheduledSwitches</c>), end to end with the real CLI and
/// real x264 encoders with B-frames (veryfast, superfast) and without (ultrafast), with the GOP
/// hold and without it (<c>"hold": "none"</c>, which also runs well under a GOP behind): the output
/// changes encoder at exactly those frames — mid-GOP and on a GOP boundary — with nothing lost,
/// repeated or re-encoded, each output frame is its own source frame, and the timestamps stay
/// continuous with DTS rising across every splice.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class ScheduledSwitchTests
{
    private const string Source = "lavfi:testsrc2=s=640x360:r=20:d=6";

    [Theory]
    [InlineData("gop")]
    [InlineData("none")]
    public void The_output_changes_encoder_at_exactly_the_planned_frames_and_loses_nothing(string hold)
    {
        var folder = Directory.CreateTempSubdirectory("scheduled-").FullName;
        var manifest = SwarmRuns.Manifest(folder, Source);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["combiner"] = new JsonObject { ["plugin"] = "switch", ["options"] = new JsonObject { ["hysteresis"] = 1.0, ["hold"] = hold } }; // only the plan moves the output
        json["scheduledSwitches"] = new JsonArray(Switch(45, "main"), Switch(60, "lean"), Switch(80, "main"), Switch(97, "fast"));
        json["events"] = "events.jsonl";
        File.WriteAllText(manifest, json.ToJsonString());
        var output = Path.Combine(folder, "program.ts");

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("repeatedFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("duplicateFrames").GetInt64());
        var handovers = SwarmRuns.Events(manifest).Where(e => e.GetProperty("type").GetString() == "handover")
            .Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("from").GetString(), e.GetProperty("to").GetString())).ToList();
        Assert.Equal([(45L, "fast", "main"), (60L, "main", "lean"), (80L, "lean", "main"), (97L, "main", "fast")], handovers);
        Assert.All(SwarmRuns.Events(manifest).Where(e => e.GetProperty("type").GetString() == "handover"), e => Assert.True(e.GetProperty("planned").GetBoolean()));
        Assert.Equal(4, summary.GetProperty("plannedHandovers").GetInt64());
        Assert.Contains("handovers: 4 (4 planned at their frame)", result.Output, StringComparison.Ordinal);
        var led = summary.GetProperty("encoders").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("leadFrames").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["fast"] = 45 + 23, ["main"] = 15 + 17, ["lean"] = 20 }, led);

        var packets = ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,dts,flags", "-of", "csv=p=0", output).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(',')).ToList();
        Assert.Equal(120, packets.Count);
        var dts = packets.Select(p => long.Parse(p[1], CultureInfo.InvariantCulture)).ToList();
        Assert.All(dts.Zip(dts.Skip(1)), pair => Assert.Equal(4500, pair.Second - pair.First)); // DTS rises one frame per unit across every splice
        var pts = packets.Select(p => long.Parse(p[0], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.All(pts.Zip(pts.Skip(1)), pair => Assert.Equal(4500, pair.Second - pair.First)); // presentation continuous: no frame missing or twice
        var keyframes = packets.Where(p => p[2].StartsWith('K')).Select(p => (long.Parse(p[0], CultureInfo.InvariantCulture) - pts[0]) / 4500).ToHashSet();
        Assert.Superset(new HashSet<long> { 0, 30, 45, 60, 80, 90, 97 }, keyframes); // each incoming encoder starts with its keyframe at the planned frame
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(120, SwarmRuns.CheckAlignment(output, Source, 120)); // every output frame is its own source frame
        var latency = summary.GetProperty("combinerLatencyFrames").GetInt32();
        Assert.InRange(summary.GetProperty("combinerLatencySteadyFrames").GetInt32(), 0, latency);
        if (hold == "none")
        {
            Assert.True(latency < SwarmRuns.Gop, $"without the GOP hold the output ran {latency} frames behind"); // the GOP hold alone is 29 frames
        }
    }

    private static JsonObject Switch(long seq, string to) => new() { ["seq"] = seq, ["to"] = to };
}
