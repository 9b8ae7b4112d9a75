using System.Text.Json;

namespace SwarmHost.Tests;

/// <summary><c>swarmhost bench encoders</c> runs every row on both sides and writes a ratio per row (figures are not asserted: they belong to the machine).</summary>
[Collection(MediaTestGroup.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public void The_default_set_runs_in_process_and_with_the_cli_and_reports_a_ratio_per_row()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("swarm-bench").FullName, "b.json");
        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(5), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "bench", "encoders",
            "--input", "lavfi:testsrc2=size=320x240:rate=30", "--frames", "30", "--runs", "1", "--json", json);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("in-process fps", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["x264 veryfast", "x265 ultrafast", "vp9 realtime", "svt-av1 preset 12", "mpeg2video", "3 at once (x264 veryfast x3)"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.All(rows, row =>
        {
            Assert.True(row.GetProperty("ratio").GetDouble() > 0);
            Assert.True(row.GetProperty("inProcessFps").GetDouble() > 0);
            Assert.StartsWith("ffmpeg ", row.GetProperty("cliCommand").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains("split=3", rows[^1].GetProperty("cliCommand").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_input_is_reported_before_anything_runs()
    {
        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "bench", "encoders", "--input", "/nonexistent/clip.mp4", "--runs", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_analyzer_benchmark_runs_the_analyzer_and_siti_and_reports_a_ratio()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("swarm-bench").FullName, "a.json");
        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "bench", "analyzers",
            "--input", "lavfi:testsrc2=size=640x360:rate=30", "--frames", "20", "--runs", "1", "--json", json);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("siti fps", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.True(row.GetProperty("ratio").GetDouble() > 0);
        Assert.Contains("-vf siti", row.GetProperty("cliCommand").GetString(), StringComparison.Ordinal);
        Assert.Contains("complexity + onnx-content-type", row.GetProperty("settings").GetString(), StringComparison.Ordinal); // the full analysis by default
    }
}
