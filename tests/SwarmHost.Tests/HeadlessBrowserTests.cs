using System.Globalization;
using OpenCvSharp;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>The headless-Chromium page check itself, on small generated pages whose right answers are known.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class HeadlessBrowserTests(HeadlessBrowserFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const int PlotWidth = 40;
    private const int PlotHeight = 30;
    private const int SpacerHeight = 2400;

    private readonly string dir = Directory.CreateTempSubdirectory("swarm-browser").FullName;

    [Fact]
    public void Self_contained_page_with_inline_png_and_svg_loads_cleanly_and_the_screenshot_shows_the_whole_page()
    {
        var page = Write("good.html", $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Swarm report</title>
            <style>body { margin: 0; } img, svg, div { display: block; }</style></head>
            <body>
            <img alt="plot" src="{{RedPngDataUri()}}">
            <svg width="100" height="50" xmlns="http://www.w3.org/2000/svg"><rect width="100" height="50" fill="#00ff00"/></svg>
            <div style="height: {{SpacerHeight}}px">Encoder weights over time</div>
            <div id="status">script did not run</div>
            <div style="height: 40px; background: #0000ff"></div>
            <script>document.getElementById('status').textContent = 'script ran';</script>
            </body></html>
            """);
        var screenshot = Path.Combine(dir, "good.png");

        var check = Browser.Check(page, screenshot);

        Assert.True(check.Errors.Count == 0 && check.ExternalRequests.Count == 0, check.Describe());
        Assert.Equal("Swarm report", check.Title);
        var image = Assert.Single(check.Images);
        Assert.True(image.Loaded, check.Describe());
        Assert.Equal((PlotWidth, PlotHeight), (image.NaturalWidth, image.NaturalHeight));
        Assert.True(check.AllImagesLoaded);
        Assert.Equal(1, check.SvgCount);
        Assert.Contains("Encoder weights over time", check.Text, StringComparison.Ordinal);
        Assert.Contains("script ran", check.Text, StringComparison.Ordinal);
        Assert.InRange(check.DocumentHeight, PlotHeight + 50 + SpacerHeight + 40, PlotHeight + 50 + SpacerHeight + 40 + 100);

        // A real PNG, as wide as the viewport and as high as the document, showing the top and the bottom of the page.
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], File.ReadAllBytes(screenshot)[..8]);
        using var shot = Cv2.ImRead(screenshot, ImreadModes.Color);
        Assert.Equal((HeadlessBrowser.ViewportWidth, check.DocumentHeight), (shot.Width, shot.Height));
        Assert.Equal(new Vec3b(0, 0, 255), shot.At<Vec3b>(PlotHeight / 2, PlotWidth / 2)); // the PNG, red (BGR)
        Assert.Equal(new Vec3b(0, 255, 0), shot.At<Vec3b>(PlotHeight + 25, 50)); // the SVG, green
        Assert.Equal(new Vec3b(255, 0, 0), shot.At<Vec3b>(check.DocumentHeight - 20, 600)); // the last block, blue
        Assert.Equal(new Vec3b(255, 255, 255), shot.At<Vec3b>(PlotHeight + 25, 600)); // the page itself, white
        Report(check);
    }

    [Fact]
    public void Images_that_do_not_load_are_reported_as_not_loaded()
    {
        var page = Write("broken.html", $"""
            <!DOCTYPE html>
            <html><head><title>Broken</title></head><body>
            <img alt="good" src="{RedPngDataUri()}">
            <img alt="missing file" src="missing-plot.png">
            <img alt="corrupt data" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB">
            </body></html>
            """);

        var check = Browser.Check(page);

        Assert.Equal(3, check.ImageCount);
        Assert.Equal(1, check.LoadedImageCount);
        Assert.False(check.AllImagesLoaded);
        Assert.Equal([true, false, false], check.Images.Select(image => image.Loaded));
        Assert.All(check.Images.Skip(1), image => Assert.Equal((0, 0), (image.NaturalWidth, image.NaturalHeight)));
        Assert.EndsWith("missing-plot.png", check.Images[1].Source, StringComparison.Ordinal);
        Assert.Contains(check.Errors, error => error.Contains("missing-plot.png", StringComparison.Ordinal) && error.Contains("ERR_FILE_NOT_FOUND", StringComparison.Ordinal));
        Assert.Equal(HeadlessBrowser.ViewportHeight, check.DocumentHeight); // a short page is laid out in an exactly 1280 x 800 viewport
        Report(check);
    }

    [Fact]
    public void An_exception_thrown_while_the_page_loads_and_console_errors_are_reported()
    {
        var page = Write("throws.html", """
            <!DOCTYPE html>
            <html><head><title>Throws</title>
            <script>console.error('plot data missing: swarm-console-error');</script></head>
            <body><p>before</p>
            <script>throw new Error('swarm-load-time-exception');</script>
            <p>after</p></body></html>
            """);

        var check = Browser.Check(page);

        Assert.Contains(check.Errors, error => error.Contains("Uncaught Error: swarm-load-time-exception", StringComparison.Ordinal));
        Assert.Contains(check.Errors, error => error.Contains("swarm-console-error", StringComparison.Ordinal));
        Assert.Contains("after", check.Text, StringComparison.Ordinal); // a throwing script does not stop the page
        Report(check);
    }

    [Fact]
    public void A_page_checked_after_a_failing_one_does_not_inherit_its_errors()
    {
        // The earlier page also logs an error 800 ms after it loaded: after its own check has read the log (unless that took longer).
        var bad = Write("bad.html", """
            <html><head><title>Bad</title></head><body><script>
            setTimeout(() => console.error('swarm-late-error'), 800);
            throw new Error('swarm-earlier-page');
            </script></body></html>
            """);
        var good = Write("clean.html", "<html><head><title>Clean</title></head><body><p>fine</p></body></html>");

        var first = Browser.Check(bad);
        Thread.Sleep(1000);
        var second = Browser.Check(good);

        Assert.Contains(first.Errors, error => error.Contains("swarm-earlier-page", StringComparison.Ordinal));
        Assert.True(second.Errors.Count == 0, second.Describe());
        Assert.Equal("Clean", second.Title);
        Report(first);
        Report(second);
    }

    [Fact]
    public void Requests_beyond_file_and_data_urls_are_reported()
    {
        var page = Write("external.html", """
            <!DOCTYPE html>
            <html><head><title>External</title>
            <link rel="stylesheet" href="https://cdn.swarmhost.invalid/report.css"></head>
            <body><img alt="remote" src="http://plots.swarmhost.invalid/weights.png"></body></html>
            """);

        var check = Browser.Check(page);

        Assert.Contains("https://cdn.swarmhost.invalid/report.css", check.ExternalRequests);
        Assert.Contains("http://plots.swarmhost.invalid/weights.png", check.ExternalRequests);
        Assert.False(Assert.Single(check.Images).Loaded);
        Report(check);
    }

    [Fact]
    public void A_missing_chromium_fails_with_a_message_to_run_bootstrap()
    {
        var missing = Path.Combine(dir, "no-chromium");

        var error = Assert.Throws<InvalidOperationException>(() => new HeadlessBrowser(chromiumPath: missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/bootstrap.sh", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private HeadlessBrowser Browser => fixture.Browser;

    private static string RedPngDataUri()
    {
        using var plot = new Mat(PlotHeight, PlotWidth, MatType.CV_8UC3, new Scalar(0, 0, 255));
        Assert.True(Cv2.ImEncode(".png", plot, out var png));
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    private string Write(string name, string html)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, html);
        return path;
    }

    private void Report(PageCheck check) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"browser started in {Browser.StartupTime.TotalMilliseconds:F0} ms; {check.Describe()}"));
}
