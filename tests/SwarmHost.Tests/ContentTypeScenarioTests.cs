using System.Text.Json;

namespace SwarmHost.Tests;

/// <summary>
/// The shipped scenario scenarios/talking-head-and-animation.json, run by the real CLI on the clip
/// scripts/fetch-clips.sh makes of real footage: 8-second passages of a talking head (franck.mp4)
/// and of animation (minions.mp4), four of each, alternating on the GOP grid. One encoder is
/// measurably better on each type; the predictive policy, reading the content type, must take
/// each GOP from the one the per-GOP hindsight oracle takes it from.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class ContentTypeScenarioTests
{
    private const int Frames = 1920;
    private const int Gop = 30;
    private const int GopsPerPassage = 8;

    [Fact]
    public void Predictive_takes_each_type_from_the_encoder_measured_better_on_it()
    {
        var folder = Directory.CreateTempSubdirectory("content-type-scenario-").FullName;
        var scenario = Path.Combine(TestPaths.RepoRoot, "scenarios", "talking-head-and-animation.json");
        var summaryFile = Path.Combine(folder, "summary.json");
        var eventsFile = Path.Combine(folder, "events.jsonl");
        Assert.True(File.Exists(TestPaths.Clip("talking-head-and-animation.mp4")), "the scenario's clip is missing: scripts/fetch-clips.sh makes it");

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(4), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", scenario,
            "--output", Path.Combine(folder, "out.ts"), "--summary", summaryFile, "--events", eventsFile);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var document = JsonDocument.Parse(File.ReadAllText(summaryFile));
        var summary = document.RootElement;
        Assert.Equal("predictive", summary.GetProperty("policy").GetString());
        Assert.Equal(Frames, summary.GetProperty("framesOut").GetInt64());
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        var events = File.ReadLines(eventsFile).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

        // The premise, measured: each encoder's quality per GOP (every encoder encodes every frame on
        // its own, so this is what it does alone), averaged over each type's passages.
        var psnr = events.Where(e => e.GetProperty("type").GetString() == "encoder-stats")
            .GroupBy(e => (Encoder: e.GetProperty("encoder").GetString()!, TalkingHead: IsTalkingHead(e.GetProperty("seq").GetInt64())))
            .ToDictionary(g => g.Key, g => g.Average(e => e.GetProperty("psnr").GetDouble()));
        var talkingHeadGain = psnr[("half-size", true)] - psnr[("full-size", true)];
        var animationGain = psnr[("full-size", false)] - psnr[("half-size", false)];
        Assert.True(talkingHeadGain >= 1, $"half-size is {talkingHeadGain:F2} dB better than full-size on the talking head; the scenario needs 1 dB");
        Assert.True(animationGain >= 1, $"full-size is {animationGain:F2} dB better than half-size on animation; the scenario needs 1 dB");

        // The analyzer sees the types: the label on top on most frames of each passage.
        var labels = events.Where(e => e.GetProperty("type").GetString() == "weights")
            .Select(e => (Sequence: e.GetProperty("seq").GetInt64(), Label: TopLabel(e.GetProperty("content"))))
            .Where(f => f.Label is not null)
            .GroupBy(f => f.Sequence / (Gop * GopsPerPassage))
            .Select(g => (Passage: g.Key, Label: g.GroupBy(f => f.Label).MaxBy(l => l.Count())!.Key))
            .ToList();
        Assert.Equal(Frames / (Gop * GopsPerPassage), labels.Count);
        Assert.All(labels, p => Assert.Equal(p.Passage % 2 == 0 ? "talking_head" : "animation", p.Label));

        // The pass mark: the output takes at least 80 % of its GOPs from the oracle's encoder.
        var oracle = summary.GetProperty("oracle");
        var gops = oracle.GetProperty("outputGops").GetInt64();
        var asOracle = oracle.GetProperty("takenAsOracle").GetInt64();
        Assert.Equal(Frames / Gop, gops);
        Assert.True(asOracle >= 0.8 * gops, $"the output took {asOracle} of {gops} GOPs from the oracle's encoder; at least 80 % are needed");
    }

    private static bool IsTalkingHead(long sequence) => sequence / (Gop * GopsPerPassage) % 2 == 0;

    private static string? TopLabel(JsonElement content) =>
        content.EnumerateObject().Where(p => p.Name.StartsWith("contentType.", StringComparison.Ordinal))
            .Select(p => (Label: p.Name["contentType.".Length..], Probability: p.Value.GetDouble()))
            .OrderByDescending(p => p.Probability).Select(p => p.Label).FirstOrDefault();
}
