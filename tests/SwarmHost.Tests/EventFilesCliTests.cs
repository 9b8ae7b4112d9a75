using System.Text.Json.Nodes;
using SwarmHost.Engine;
using SwarmHost.Engine.Events;

namespace SwarmHost.Tests;

/// <summary>
/// The events files of real runs through the CLI: a run that fails at start keeps the previous
/// events; a run with a tiny <c>--events-max-size</c> rotates, the cap deletes the oldest files, and
/// <c>swarmhost report</c> builds the page from the set, naming the deleted span, with the summary's totals.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class EventFilesCliTests
{
    private const string PreviousEvents = "{\"type\":\"run-start\",\"note\":\"the previous run\"}\n";

    [Theory]
    [InlineData("--input", "/nonexistent/clip.mp4")]
    [InlineData("--output", "/proc/swarmhost-out.ts")]
    public void A_run_that_fails_at_start_keeps_the_previous_events_file(string option, string value)
    {
        var folder = Directory.CreateTempSubdirectory("swarm-events-start-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        var events = Path.Combine(folder, "events.jsonl");
        File.WriteAllText(events, PreviousEvents);

        var result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(2), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "30", "--events", events, option, value);

        Assert.True(result.ExitCode != 0, $"the run should have failed at start; stdout: {result.Output}");
        Assert.Equal(PreviousEvents, File.ReadAllText(events));
    }

    [Fact]
    public void A_run_with_a_tiny_events_size_rotates_and_the_report_reads_the_set_naming_the_dropped_span()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-events-rotate-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        var (result, summary) = SwarmRuns.Run(manifest, "--frames", "240", "--events-max-size", "16K", "--events-keep", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        var events = Path.Combine(folder, "events.jsonl");

        // the newest file plus two older ones; the cap deleted the rest
        Assert.True(File.Exists(EventRotation.RotatedPath(events, 1)) && File.Exists(EventRotation.RotatedPath(events, 2)), "expected two older events files");
        Assert.False(File.Exists(EventRotation.RotatedPath(events, 3)), "the cap keeps two older files");
        foreach (var file in new[] { events, EventRotation.RotatedPath(events, 1), EventRotation.RotatedPath(events, 2) })
        {
            Assert.InRange(new FileInfo(file).Length, 1, 16 * 1024);
        }

        var lines = File.ReadAllLines(events).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("summary", (string?)lines[^1]["type"]);
        var header = lines[0];
        Assert.Equal("events-file", (string?)header["type"]);
        Assert.True((int)header["part"]! >= 4, $"part {header["part"]}: 240 frames of events should need more than three 16 KiB files");
        var dropped = header["dropped"]!;
        var (fromSeq, toSeq) = ((long)dropped["fromSeq"]!, (long)dropped["toSeq"]!);

        var page = Path.Combine(folder, "rotated.html");
        var report = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(2), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "report", events, "-o", page);

        Assert.True(report.ExitCode == 0, report.Error);
        var span = $"frames {fromSeq} to {toSeq}";
        Assert.Contains(span, report.Error, StringComparison.Ordinal);
        Assert.Contains("deleted by the rotation cap", report.Error, StringComparison.Ordinal);
        Assert.Contains(" frames from 3 files", report.Output, StringComparison.Ordinal);
        Assert.Contains($"the summary counts {summary.GetProperty("framesOut").GetInt64()} frames out in the whole run", report.Output, StringComparison.Ordinal);
        var html = File.ReadAllText(page);
        Assert.Contains(span, html, StringComparison.Ordinal);
        Assert.Contains($"<b>{summary.GetProperty("lostFrames").GetInt64()}</b><span>lost frames</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{summary.GetProperty("handovers").GetInt64()}</b><span>handovers (", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--events-max-size", "1K", "not a size from 16KiB to 1TiB")]
    [InlineData("--events-keep", "0", "keep 1 to 1000 older files")]
    public void Rotation_options_out_of_range_are_refused_before_anything_runs(string option, string value, string message)
    {
        var folder = Directory.CreateTempSubdirectory("swarm-events-usage-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "30", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "program.ts")));
    }
}
