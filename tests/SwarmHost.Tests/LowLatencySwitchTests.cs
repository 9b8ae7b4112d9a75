using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// The switch combiner without its GOP hold (<c>"hold": "none"</c>) when the leader fails
/// unplanned, end to end with the real CLI: the frames up to another encoder's next keyframe are
/// lost and the run says so (exit 1, <c>lostFrames</c>), and what was written decodes silently —
/// nothing after the gap of the failed encoder is written.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class LowLatencySwitchTests
{
    [Fact]
    public void A_leader_that_hangs_loses_the_frames_up_to_the_next_keyframe_and_the_run_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("no-hold-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=s=640x360:r=20:d=6", chaos: ("hang", 50));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["combiner"] = new JsonObject { ["plugin"] = "switch", ["options"] = new JsonObject { ["hold"] = "none" } };
        File.WriteAllText(manifest, json.ToJsonString());
        var output = Path.Combine(folder, "program.ts");

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: a run that lost frames must say so; {result.Output}");
        var lost = summary.GetProperty("lostFrames").GetInt64();
        var written = summary.GetProperty("framesOut").GetInt64();
        Assert.InRange(lost, 1, SwarmRuns.Gop); // at most up to the next GOP boundary, where every encoder has a keyframe
        Assert.Equal(120, written + lost);
        Assert.True(summary.GetProperty("handovers").GetInt64() >= 1);
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(written, ExternalTool.CountFrames(output));
    }
}
