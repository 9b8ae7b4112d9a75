namespace SwarmHost.Tests;

/// <summary>
/// One <see cref="HeadlessBrowser"/> shared by the tests of <see cref="BrowserTestGroup"/>, started on first use (so a missing
/// chromium fails each test with the bootstrap message) and quit when the collection is done.
/// </summary>
public sealed class HeadlessBrowserFixture : IDisposable
{
    private readonly Lazy<HeadlessBrowser> browser = new(() => new HeadlessBrowser());

    /// <summary>The shared browser; the tests of the collection run one after another, so it checks one page at a time.</summary>
    public HeadlessBrowser Browser => browser.Value;

    /// <summary>Quits the browser if it was started.</summary>
    public void Dispose()
    {
        if (browser.IsValueCreated)
        {
            browser.Value.Dispose();
        }
    }
}
