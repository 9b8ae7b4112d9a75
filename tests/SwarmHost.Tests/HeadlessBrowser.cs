using System.Diagnostics;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace SwarmHost.Tests;

/// <summary>
/// A real headless Chromium — Debian's <c>chromium</c> driven through Debian's <c>/usr/bin/chromedriver</c> (Selenium WebDriver) —
/// that opens a local HTML file and reports what a reader would get: title, images loaded or not, inline SVGs, console errors
/// and uncaught exceptions, network requests a self-contained page should not make, the rendered text, and a full-page screenshot.
/// </summary>
/// <remarks>
/// Nothing is downloaded: the driver path is given explicitly, so Selenium Manager never runs, and the browser is started with
/// background networking, component updates and sync off; host names resolve to nothing, so a page that reaches for the network
/// fails fast (and the attempt is reported) instead of waiting on DNS.
/// One instance is one browser process with one tab: it is not thread-safe, check one page at a time (tests share one through
/// <see cref="BrowserTestGroup"/>). Dispose quits the browser and the driver.
/// </remarks>
public sealed class HeadlessBrowser : IDisposable
{
    /// <summary>The Debian chromium launcher (package <c>chromium</c>).</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>The Debian chromedriver (package <c>chromium-driver</c>), the same build as the browser.</summary>
    public const string DefaultDriverPath = "/usr/bin/chromedriver";

    /// <summary>The viewport width every page is laid out at, in CSS pixels (= screenshot pixels: the scale factor is 1).</summary>
    public const int ViewportWidth = 1280;

    /// <summary>The viewport height a page is first loaded at, before the screenshot grows it to the document's height.</summary>
    public const int ViewportHeight = 800;

    /// <summary>The tallest screenshot taken; a taller page is cut off there (Chromium cannot capture much more in one piece).</summary>
    public const int MaxScreenshotHeight = 16384;

    private const string CollectScript = """
        const images = Array.from(document.images).map(img => ({
          src: img.currentSrc || img.getAttribute('src') || '',
          complete: img.complete,
          naturalWidth: img.naturalWidth,
          naturalHeight: img.naturalHeight,
        }));
        const resources = performance.getEntriesByType('resource').map(entry => entry.name);
        const body = document.body;
        return JSON.stringify({
          title: document.title,
          images,
          svgCount: document.getElementsByTagName('svg').length,
          resources,
          text: body ? body.innerText : '',
          height: Math.max(document.documentElement.scrollHeight, body ? body.scrollHeight : 0),
        });
        """;

    private const string WaitForImagesScript = """
        const done = arguments[arguments.length - 1];
        const pending = Array.from(document.images).filter(img => !img.complete)
          .map(img => new Promise(resolve => { img.addEventListener('load', resolve); img.addEventListener('error', resolve); }));
        setTimeout(() => done(false), 5000);
        Promise.all(pending).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
        """;

    private static readonly string[] LocalSchemes = ["file:", "data:", "blob:", "about:", "chrome:", "chrome-error:", "devtools:"];

    private readonly ChromeDriverService service;
    private readonly ChromeDriver driver;
    private readonly string profile;
    private bool disposed;

    /// <summary>Starts headless Chromium. Fails with a message saying to run scripts/bootstrap.sh when chromium or chromedriver is missing.</summary>
    /// <param name="chromiumPath">The browser executable (the Debian launcher by default).</param>
    /// <param name="driverPath">The chromedriver executable (Debian's by default); it must match the browser's version.</param>
    public HeadlessBrowser(string chromiumPath = DefaultChromiumPath, string driverPath = DefaultDriverPath)
    {
        foreach (var (path, package) in new[] { (chromiumPath, "chromium"), (driverPath, "chromium-driver") })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"{path} is missing, so the HTML report cannot be checked in a real browser: run scripts/bootstrap.sh (test.sh does), which installs the Debian package {package} (with chromium / chromium-driver).");
            }
        }

        var watch = Stopwatch.StartNew();
        profile = Directory.CreateTempSubdirectory("swarm-chromium-").FullName;
        service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Path.GetFullPath(driverPath))!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;

        var options = new ChromeOptions { BinaryLocation = chromiumPath, PageLoadStrategy = PageLoadStrategy.Normal };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox", // the tests run as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
            $"--user-data-dir={profile}",
            $"--window-size={ViewportWidth},{ViewportHeight}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.SetLoggingPreference("performance", LogLevel.All);
        try
        {
            driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        }
        catch (WebDriverException e)
        {
            service.Dispose();
            DeleteProfile();
            throw new InvalidOperationException(
                $"chromedriver ({driverPath}) could not start headless {chromiumPath}: {e.Message}. Check `{chromiumPath} --version` and `{driverPath} --version` print the same version (scripts/bootstrap.sh installs both).", e);
        }

        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(10);
        StartupTime = watch.Elapsed;
    }

    /// <summary>How long starting the driver and the browser took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>
    /// Opens <paramref name="htmlPath"/> as a file:// URL, waits for it to load (and its images to settle), and reports what the browser made of it.
    /// Errors are read from the browser's own log, so exceptions thrown while the page loads are caught too; an error the page
    /// logs later (from a timer, say) is not. Each check runs in a fresh tab, so nothing of an earlier page carries over.
    /// An image that has not settled 5 s after the load event (a lazy one below the fold) is reported as not loaded.
    /// </summary>
    /// <param name="htmlPath">A local HTML file.</param>
    /// <param name="screenshotPath">Where to save a full-page PNG (<see cref="ViewportWidth"/> wide, as high as the document up to
    /// <see cref="MaxScreenshotHeight"/>), or null for none.</param>
    /// <exception cref="FileNotFoundException">The page does not exist.</exception>
    public PageCheck Check(string htmlPath, string? screenshotPath = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(htmlPath);
        var fullPath = Path.GetFullPath(htmlPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"{fullPath} does not exist: write the page before checking it", fullPath);
        }

        var watch = Stopwatch.StartNew();
        var url = new Uri(fullPath);
        OpenFreshTab();
        var logs = driver.Manage().Logs;
        logs.GetLog(LogType.Browser); // drain what earlier pages left
        logs.GetLog("performance");
        SetViewport(ViewportHeight); // the window's height includes browser UI even headless; this makes the page's viewport exact

        driver.Navigate().GoToUrl(url);
        driver.ExecuteAsyncScript(WaitForImagesScript);
        using var page = JsonDocument.Parse((string)driver.ExecuteScript(CollectScript)!);
        var root = page.RootElement;

        var browserLog = logs.GetLog(LogType.Browser);
        var errors = browserLog.Where(entry => entry.Level == LogLevel.Severe).Select(entry => entry.Message).ToList();
        var messages = browserLog.Select(entry => $"{entry.Level} {entry.Message}").ToList();
        var requested = logs.GetLog("performance").Select(entry => RequestedUrl(entry.Message))
            .Concat(root.GetProperty("resources").EnumerateArray().Select(resource => resource.GetString()));
        var external = requested.OfType<string>().Where(IsExternal).Distinct().ToList();

        var images = root.GetProperty("images").EnumerateArray().Select(image =>
        {
            var width = image.GetProperty("naturalWidth").GetInt32();
            return new PageImage(
                Shorten(image.GetProperty("src").GetString() ?? ""),
                image.GetProperty("complete").GetBoolean() && width > 0,
                width,
                image.GetProperty("naturalHeight").GetInt32());
        }).ToList();
        var height = root.GetProperty("height").GetInt32();

        if (screenshotPath is not null)
        {
            // The screenshot is of the viewport, so make the viewport the whole document first.
            SetViewport(Math.Clamp(height, 1, MaxScreenshotHeight));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
            driver.GetScreenshot().SaveAsFile(screenshotPath);
        }

        return new PageCheck(
            url,
            root.GetProperty("title").GetString() ?? "",
            images,
            root.GetProperty("svgCount").GetInt32(),
            errors,
            messages,
            external,
            root.GetProperty("text").GetString() ?? "",
            height,
            screenshotPath,
            watch.Elapsed);
    }

    /// <summary>Quits the browser and the driver, and deletes the browser's profile; a second call does nothing.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        driver.Quit();
        driver.Dispose();
        service.Dispose();
        DeleteProfile();
    }

    /// <summary>Deletes the browser profile and the folder of the browser's singleton socket, which Chromium leaves in /tmp when chromedriver quits it.</summary>
    private void DeleteProfile()
    {
        var socket = new FileInfo(Path.Combine(profile, "SingletonSocket")).LinkTarget;
        if (socket is not null && Path.GetDirectoryName(socket) is { } socketDir && Path.GetFileName(socketDir).StartsWith("org.chromium.", StringComparison.Ordinal) && Directory.Exists(socketDir))
        {
            Directory.Delete(socketDir, recursive: true);
        }

        Directory.Delete(profile, recursive: true);
    }

    /// <summary>
    /// Replaces the tab with a new one, so nothing of the page checked before — a timer that logs an error late, say — can run on
    /// into this check (navigating the same tab to about:blank first was not enough: a late error of the earlier page leaked into
    /// the next check on a loaded machine).
    /// </summary>
    private void OpenFreshTab()
    {
        var old = driver.CurrentWindowHandle;
        driver.SwitchTo().NewWindow(WindowType.Tab);
        var fresh = driver.CurrentWindowHandle;
        driver.SwitchTo().Window(old).Close();
        driver.SwitchTo().Window(fresh);
    }

    private void SetViewport(int height) =>
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = ViewportWidth,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        });

    private static bool IsExternal(string url) => !LocalSchemes.Any(scheme => url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL of a Network.requestWillBeSent event in a chromedriver performance log entry, or null for any other event.</summary>
    private static string? RequestedUrl(string message)
    {
        using var entry = JsonDocument.Parse(message);
        var inner = entry.RootElement.GetProperty("message");
        return inner.GetProperty("method").GetString() == "Network.requestWillBeSent"
            ? inner.GetProperty("params").GetProperty("request").GetProperty("url").GetString()
            : null;
    }

    private static string Shorten(string source) =>
        source.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && source.Length > 60 ? $"{source[..60]}… ({source.Length} chars)" : source;
}
