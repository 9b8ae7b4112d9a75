using System.Globalization;
using System.Text.Json;

namespace SwarmHost.Tests;

/// <summary>
/// The shipped scenario scenarios/blend-mixed-codecs.json, run by the real CLI on real footage:
/// x264 and x265 at 640x360 and VP9 at 320x180 blended into one H.264 stream while the x264
/// encoder is killed mid-GOP.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class BlendScenarioTests
{
    private const int Frames = 150;

    [Fact]
    public void Blending_three_codecs_at_two_sizes_loses_no_frame_when_one_encoder_dies_mid_gop()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-blend-").FullName;
        var scenario = Path.Combine(TestPaths.RepoRoot, "scenarios", "blend-mixed-codecs.json");
        var source = TestPaths.Clip("cockatoo.mp4");
        var output = Path.Combine(folder, "blend-mixed.ts");
        var summaryFile = Path.Combine(folder, "summary.json");
        var eventsFile = Path.Combine(folder, "events.jsonl");

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", scenario,
            "--input", source, "--frames", Frames.ToString(CultureInfo.InvariantCulture), "--output", output, "--summary", summaryFile, "--events", eventsFile);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var document = JsonDocument.Parse(File.ReadAllText(summaryFile));
        var summary = document.RootElement;
        Assert.Equal(Frames, summary.GetProperty("framesIn").GetInt64());
        Assert.Equal(Frames, summary.GetProperty("framesOut").GetInt64());
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(0, summary.GetProperty("duplicateFrames").GetInt64());
        var x264 = summary.GetProperty("encoders").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "x264");
        Assert.True(x264.GetProperty("failures").GetInt32() >= 1, "the chaos-wrapped x264 encoder never failed; the scenario no longer kills it at frame 45");
        Assert.Contains(File.ReadLines(eventsFile).Select(line => JsonDocument.Parse(line).RootElement.Clone()),
            e => e.GetProperty("type").GetString() == "encoder-state" && e.GetProperty("encoder").GetString() == "x264" && e.GetProperty("state").GetString() == "Failed");
        Assert.Equal(Frames, ExternalTool.CountFrames(output));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Equal(Frames, SwarmRuns.CheckAlignment(output, source, Frames));
    }
}
