using System.Globalization;

namespace SwarmHost.Tests;

/// <summary>What a real browser made of one local HTML page: see <see cref="HeadlessBrowser.Check"/>.</summary>
/// <param name="Url">The file:// URL that was opened.</param>
/// <param name="Title">The document title.</param>
/// <param name="Images">Every <c>&lt;img&gt;</c> element, in document order.</param>
/// <param name="SvgCount">The number of <c>&lt;svg&gt;</c> elements (nested ones included).</param>
/// <param name="Errors">SEVERE browser log entries: uncaught JavaScript exceptions, <c>console.error</c> calls and resources that failed to load.</param>
/// <param name="ConsoleMessages">Every browser log entry, as "LEVEL message", for diagnosis.</param>
/// <param name="ExternalRequests">Every URL the page requested that is not file:, data:, blob: or about: — a self-contained page has none.</param>
/// <param name="Text">The page's rendered text (<c>document.body.innerText</c>).</param>
/// <param name="DocumentHeight">The document's scroll height in CSS pixels at the 1280 px wide viewport.</param>
/// <param name="ScreenshotPath">Where the full-page PNG was saved, or null when none was asked for.</param>
/// <param name="Elapsed">How long the check took, screenshot included.</param>
public sealed record PageCheck(
    Uri Url,
    string Title,
    IReadOnlyList<PageImage> Images,
    int SvgCount,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> ConsoleMessages,
    IReadOnlyList<string> ExternalRequests,
    string Text,
    int DocumentHeight,
    string? ScreenshotPath,
    TimeSpan Elapsed)
{
    /// <summary>The number of <c>&lt;img&gt;</c> elements.</summary>
    public int ImageCount => Images.Count;

    /// <summary>How many of the images the browser loaded and decoded.</summary>
    public int LoadedImageCount => Images.Count(image => image.Loaded);

    /// <summary>Every image loaded (true for a page without images).</summary>
    public bool AllImagesLoaded => Images.All(image => image.Loaded);

    /// <summary>A one-paragraph summary for assertion messages and test output.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Url}: title '{Title}', {LoadedImageCount}/{ImageCount} images loaded, {SvgCount} svg, {Errors.Count} errors, {ExternalRequests.Count} external requests, " +
        $"document {DocumentHeight} px high, checked in {Elapsed.TotalMilliseconds:F0} ms") +
        (Errors.Count == 0 ? "" : "; errors: " + string.Join(" | ", Errors)) +
        (ExternalRequests.Count == 0 ? "" : "; external: " + string.Join(" ", ExternalRequests)) +
        (Images.All(image => image.Loaded) ? "" : "; not loaded: " + string.Join(" ", Images.Where(image => !image.Loaded).Select(image => image.Source)));
}
