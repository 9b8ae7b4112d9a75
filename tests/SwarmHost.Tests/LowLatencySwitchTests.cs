using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// The switch combiner without its GOP hold (<c>"hold": "none"</c>) when the leader fails
/// unplanned, end to end with the real CLI: the host's bridge encoder covers the frames up to the
/// incoming encoder's keyframe, so nothing is lost or repeated, the bridge is counted and reported,
/// and the output decodes silently with monotonic DTS.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class LowLatencySwitchTests
{
    [Fact]
    public void A_leader_that_hangs_is_bridged_by_the_host_and_no_frame_is_lost()
    {
        var folder = Directory.CreateTempSubdirectory("no-hold-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=s=640x360:r=20:d=6", chaos: ("hang", 50));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["combiner"] = new JsonObject { ["plugin"] = "switch", ["options"] = new JsonObject { ["hold"] = "none" } };
        File.WriteAllText(manifest, json.ToJsonString());
        var output = Path.Combine(folder, "program.ts");

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("repeatedFrames").GetInt64());
        Assert.Equal(120, summary.GetProperty("framesOut").GetInt64());
        Assert.Equal(1, summary.GetProperty("bridgedFailures").GetInt32());
        Assert.InRange(summary.GetProperty("bridgedFrames").GetInt64(), 1, SwarmRuns.Gop);
        Assert.Contains("bridged: 1 unplanned break(s) of the output", result.Output, StringComparison.Ordinal);
        var bridge = SwarmRuns.Events(manifest).Single(e => e.GetProperty("type").GetString() == "bridge");
        Assert.Equal("fast", bridge.GetProperty("broken").GetString());
        Assert.True(bridge.GetProperty("until").GetInt64() > bridge.GetProperty("seq").GetInt64());
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(120, ExternalTool.CountFrames(output));
        var dts = ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts", "-of", "csv=p=0", output).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => long.Parse(line.Split(',')[0].Trim(), CultureInfo.InvariantCulture)).ToList();
        Assert.All(dts.Zip(dts.Skip(1)), pair => Assert.Equal(4500, pair.Second - pair.First)); // one frame per unit at 20 fps, across the bridge
    }
}
