namespace SwarmHost.Tests;

/// <summary>
/// Tests that open pages in headless Chromium share this collection: one browser (started once: 0.5 to 3 s on the
/// 2-core development machine) for all of them, used by one test at a time. Take <see cref="HeadlessBrowserFixture"/> in the constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<HeadlessBrowserFixture>
{
    /// <summary>The collection name, for <c>[Collection(BrowserTestGroup.Name)]</c>.</summary>
    public const string Name = "Headless browser";
}
