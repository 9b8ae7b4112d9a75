using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCvSharp;
using SwarmHost.Reporting;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// The HTML report: what <c>demo</c> writes at the end of a real run, what <c>swarmhost report</c> rebuilds
/// from saved events, how it treats a broken or cut-short events file, and what a real browser makes of it.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed partial class ReportTests(DemoReportFixture demo, ITestOutputHelper output) : IClassFixture<DemoReportFixture>
{
    private static readonly string[] PlotIds = ["weights", "content", "content-type", "encode-time", "psnr", "ssim"];

    [Fact]
    public void The_demo_writes_a_self_contained_report_with_every_plot_and_the_summary()
    {
        Assert.True(demo.Result.ExitCode == 0, demo.Result.Error);
        Assert.Contains($"report: {demo.Report}", demo.Result.Output, StringComparison.Ordinal);
        var html = File.ReadAllText(demo.Report);

        // every plot, as an inline PNG the size the page says, rendered from this run (not blank)
        var plots = PlotImage().Matches(html).ToList();
        Assert.Equal(PlotIds, plots.Select(p => p.Groups["id"].Value));
        foreach (var plot in plots)
        {
            using var image = Cv2.ImDecode(Convert.FromBase64String(plot.Groups["png"].Value), ImreadModes.Color);
            Assert.Equal((1100, 340), (image.Width, image.Height));
            using var gray = image.CvtColor(ColorConversionCodes.BGR2GRAY);
            Assert.True(Cv2.CountNonZero(gray.LessThan(200)) > 2000, $"plot '{plot.Groups["id"].Value}' is nearly empty");
        }

        // nothing fetched from elsewhere: no script or style file, no remote image or font
        Assert.DoesNotMatch(@"(src|href)=""(?!data:|#)", html);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);

        // the summary and the events the run had
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(demo.Folder, "summary.json")))!;
        Assert.Contains($"<b>{summary["lostFrames"]}</b><span>lost frames</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{summary["handovers"]}</b><span>handovers (", html, StringComparison.Ordinal);
        Assert.Matches("output switched fast → main \\(planned ahead\\)", html); // the predictive policy's handover on the busy passage
        Assert.Contains("Failed (hang: a call has not returned", html, StringComparison.Ordinal);
        Assert.Matches(@"output broke \(encoder main\): bridged in the host by a new ffmpeg encoder until frame \d+, then (fast|lean)", html);
        foreach (var encoder in new[] { "fast", "main", "lean" })
        {
            Assert.Contains($"<td>{encoder}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_events_carry_the_output_quality_per_GOP_and_the_frame_budget()
    {
        var record = RunRecordReader.ReadFile(demo.Events);

        Assert.Equal(300, record.Slots.Count);
        Assert.Equal(["fast", "main", "lean"], record.Encoders);
        Assert.Equal(1000.0 / 30, record.FrameIntervalMs, 2);
        Assert.Empty(record.Warnings);
        // the output scored over the whole run, window by window, without overlap
        Assert.Equal(300, record.OutputQuality.Sum(o => o.Last - o.First + 1));
        Assert.All(record.OutputQuality.Zip(record.OutputQuality.Skip(1)), pair => Assert.Equal(pair.First.Last + 1, pair.Second.First));
        Assert.All(record.OutputQuality, o => Assert.InRange(o.Psnr!.Value, 20, 100));
        Assert.Contains(record.Markers, m => m is { Kind: "handover", Encoder: "main" });
        Assert.Contains(record.Markers, m => m is { Kind: "bridge" });
        Assert.Contains(record.Markers, m => m is { Kind: "encoder-state", Encoder: "main", State: "Failed" });
    }

    [Fact]
    public void Report_rebuilds_the_page_from_the_saved_events()
    {
        var target = Path.Combine(demo.Folder, "rebuilt", "page.html");

        var result = Swarmhost("report", demo.Events, "-o", target);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches($@"report: {Regex.Escape(target)} \(300 frames, 3 encoders, [2-9] handovers", result.Output);
        Assert.Equal(PlotIds, PlotImage().Matches(File.ReadAllText(target)).Select(p => p.Groups["id"].Value));
    }

    [Fact]
    public void Run_with_only_report_keeps_the_events_beside_the_page()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-report-run-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        var page = Path.Combine(folder, "pages", "run.html");

        var result = Swarmhost("run", manifest, "--frames", "60", "--quiet", "--report", page);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"events: {Path.Combine(folder, "pages", "run.events.jsonl")}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"report: {page}", result.Output, StringComparison.Ordinal);
        Assert.Equal(60, RunRecordReader.ReadFile(Path.Combine(folder, "pages", "run.events.jsonl")).Slots.Count);
        Assert.Contains("<figure id=\"weights\">", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_refuses_a_file_that_is_not_events_and_lists_every_bad_line()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-report-bad-").FullName;
        var events = File.ReadAllLines(demo.Events).ToList();
        events[3] = "{ not json";
        events[7] = "[1, 2, 3]";
        var file = Path.Combine(folder, "events.jsonl");
        File.WriteAllLines(file, events);

        var result = Swarmhost("report", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}: cannot build a report from this file (2 problems)", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: not JSON", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 8: not an event", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));

        var missing = Swarmhost("report", Path.Combine(folder, "nowhere.jsonl"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read the events file", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_cut_short_still_gets_its_plots_and_says_it_did_not_finish()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-report-cut-").FullName;
        var text = File.ReadAllText(demo.Events);
        var cut = text[..(text.IndexOf("\"seq\":150,", StringComparison.Ordinal) + 20)]; // mid-line, long before the summary
        var file = Path.Combine(folder, "events.jsonl");
        File.WriteAllText(file, cut);

        var result = Swarmhost("report", file);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("is cut short and was skipped", result.Error, StringComparison.Ordinal);
        Assert.Contains("no summary event: the run did not finish", result.Error, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("The run did not finish", html, StringComparison.Ordinal);
        Assert.Contains("id=\"weights\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Headless_Chromium_opens_the_demo_report_with_every_plot_loaded_and_no_error()
    {
        var screenshot = Path.Combine(TestPaths.Artifacts, "test-results", "demo-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        using var browser = new HeadlessBrowser();

        var check = browser.Check(demo.Report, screenshot);

        output.WriteLine(check.Describe());
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(check.Errors.Count == 0 && check.ExternalRequests.Count == 0, check.Describe());
        Assert.Equal(PlotIds.Length, check.ImageCount);
        Assert.True(check.AllImagesLoaded, check.Describe());
        Assert.All(check.Images, image => Assert.Equal((1100, 340), (image.NaturalWidth, image.NaturalHeight)));
        Assert.Contains("Weights per encoder", check.Text, StringComparison.Ordinal);
        Assert.Contains("lost frames", check.Text, StringComparison.Ordinal);

        // the screenshot shows the plots: the weights plot's lines are drawn in the encoders' colours near the top of the page
        using var shot = Cv2.ImRead(screenshot, ImreadModes.Color);
        Assert.Equal(check.DocumentHeight, shot.Height);
        using var top = new Mat(shot, new Rect(0, 0, shot.Width, Math.Min(shot.Height, 1000)));
        using var hsv = top.CvtColor(ColorConversionCodes.BGR2HSV);
        using var saturated = hsv.InRange(new Scalar(0, 120, 80), new Scalar(180, 255, 255));
        Assert.True(Cv2.CountNonZero(saturated) > 1500, "no coloured plot lines at the top of the screenshot");
    }

    private static ExternalTool.Result Swarmhost(params string[] arguments) =>
        ExternalTool.Run("dotnet", TimeSpan.FromMinutes(1), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    [GeneratedRegex(@"<figure id=""(?<id>[a-z-]+)"">\s*<h2>[^<]*</h2>\s*<img class=""plot"" width=""1100"" height=""340"" alt=""[^""]*"" src=""data:image/png;base64,(?<png>[A-Za-z0-9+/=]+)"">")]
    private static partial Regex PlotImage();
}
