using System.Globalization;
using System.Text.Json;

namespace SwarmHost.Tests;

/// <summary>
/// End to end: the feedback loop's figures reach the summary and the events, the policies run in
/// a real swarm, and <c>compare</c> writes one row per policy plus the references.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class PredictionRunTests
{
    private const int Frames = 90;

    [Fact]
    public void A_predictive_run_reports_feedback_output_quality_and_forecasts()
    {
        var folder = Directory.CreateTempSubdirectory("prediction-run-").FullName;
        var source = TestPaths.Clip("cockatoo.mp4");
        var manifest = SwarmRuns.Manifest(folder, source);

        var (result, summary) = SwarmRuns.Run(manifest, "--frames", Frames.ToString(CultureInfo.InvariantCulture), "--policy", "predictive");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("policy: predictive", result.Output, StringComparison.Ordinal);
        Assert.Contains("output quality: PSNR mean", result.Output, StringComparison.Ordinal);
        Assert.Equal("predictive", summary.GetProperty("policy").GetString());
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());

        // the output as written, decoded and compared with the source, frame by frame
        var quality = summary.GetProperty("outputQuality");
        Assert.Equal(Frames, quality.GetProperty("frames").GetInt64());
        Assert.InRange(quality.GetProperty("meanPsnr").GetDouble(), 30, 60);
        Assert.InRange(quality.GetProperty("p5Psnr").GetDouble(), 20, quality.GetProperty("meanPsnr").GetDouble());
        Assert.InRange(quality.GetProperty("meanSsim").GetDouble(), 0.8, 1);

        foreach (var encoder in summary.GetProperty("encoders").EnumerateArray())
        {
            var feedback = encoder.GetProperty("feedback");
            Assert.True(feedback.GetProperty("cpuMsPerFrame").GetDouble() > 0, encoder.ToString());
            Assert.True(feedback.GetProperty("budgetShare").GetDouble() > 0, encoder.ToString());
            Assert.InRange(feedback.GetProperty("quality").GetProperty("meanPsnr").GetDouble(), 30, 60);
            Assert.InRange(feedback.GetProperty("quality").GetProperty("meanSsim").GetDouble(), 0.8, 1);
            Assert.True(feedback.GetProperty("kbps").GetDouble() > 100, encoder.ToString());
            Assert.True(feedback.GetProperty("targetKbps").GetDouble() > 100, encoder.ToString());
        }

        var prediction = summary.GetProperty("prediction");
        Assert.Equal("predictive", prediction.GetProperty("policy").GetString());
        Assert.Equal(0, prediction.GetProperty("missedDeadlines").GetInt64());
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("oracle").GetProperty("quality").GetProperty("meanPsnr").ValueKind);

        var events = SwarmRuns.Events(manifest);
        var stats = events.Where(e => e.GetProperty("type").GetString() == "encoder-stats").ToList();
        Assert.Equal(3 * (Frames / SwarmRuns.Gop), stats.Count);
        Assert.All(stats, e => Assert.True(e.GetProperty("psnr").GetDouble() > 30 && e.GetProperty("maxQueueDepth").GetInt32() >= 0, e.ToString()));
        var weights = events.Where(e => e.GetProperty("type").GetString() == "weights").ToList();
        Assert.Equal(Frames, weights.Count);
        var forecast = weights[^1].GetProperty("forecasts").GetProperty("main");
        Assert.True(forecast.GetProperty("encodeMs").GetDouble() > 0);
        Assert.InRange(forecast.GetProperty("psnr").GetDouble(), 25, 65);
        Assert.Equal(JsonValueKind.Null, forecast.GetProperty("missInFrames").ValueKind); // as fast as possible: no wall-clock deadlines to miss
    }

    [Fact]
    public void Compare_writes_a_row_per_policy_then_the_encoders_alone_and_the_oracle()
    {
        var folder = Directory.CreateTempSubdirectory("compare-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"));
        var json = Path.Combine(folder, "compare.json");

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(5), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "compare", manifest, "--policies", "seed,reactive,predictive", "--frames", "60", "--json", json, "--report", Path.Combine(folder, "compare.html")]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["seed", "reactive", "predictive", "alone:fast", "alone:main", "alone:lean", "oracle"], rows.Select(r => r.GetProperty("policy").GetString()));
        foreach (var row in rows)
        {
            Assert.InRange(row.GetProperty("quality").GetProperty("meanPsnr").GetDouble(), 25, 60);
            Assert.Equal(0, row.GetProperty("lostFrames").GetInt64());
            Assert.True(row.TryGetProperty("missedDeadlines", out _) && row.TryGetProperty("insertedFrames", out _) && row.TryGetProperty("handovers", out _) && row.TryGetProperty("episodes", out _), row.ToString());
        }

        // the row of the best single encoder is marked, the table has every column
        Assert.Contains("PSNR p5", result.Output, StringComparison.Ordinal);
        Assert.Contains(" *", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "compare", "predictive.ts")) || Directory.EnumerateFiles(folder, "predictive.ts", SearchOption.AllDirectories).Any());

        // the same as a page: the rows as bars, each policy's weights over time, the table
        var page = File.ReadAllText(Path.Combine(folder, "compare.html"));
        foreach (var id in new[] { "quality", "troubles", "weights-seed", "weights-reactive", "weights-predictive" })
        {
            Assert.Contains($"<figure id=\"{id}\">", page, StringComparison.Ordinal);
        }

        Assert.Equal(5, page.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("<td>alone:lean</td>", page, StringComparison.Ordinal);
    }

    public static TheoryData<string> Scenarios() => [.. Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "scenarios"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_shipped_scenario_is_a_valid_manifest(string scenario)
    {
        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(1), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "validate", Path.Combine(TestPaths.RepoRoot, "scenarios", scenario)]);

        Assert.True(result.ExitCode == 0, $"{scenario}: exit {result.ExitCode}: {result.Output} {result.Error}");
    }

    [Fact]
    public void Compare_refuses_an_unknown_policy_before_running_anything()
    {
        var folder = Directory.CreateTempSubdirectory("compare-bad-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"));

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(1), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "compare", manifest, "--policies", "seed,clairvoyant"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown policy 'clairvoyant'", result.Error, StringComparison.Ordinal);
    }
}
