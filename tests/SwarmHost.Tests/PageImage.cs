namespace SwarmHost.Tests;

/// <summary>One <c>&lt;img&gt;</c> element of a page, as the browser saw it after the page loaded.</summary>
/// <param name="Source">The image's <c>src</c>, with a long data URI shortened to its start and length.</param>
/// <param name="Loaded">The browser decoded it: <c>complete &amp;&amp; naturalWidth &gt; 0</c>.</param>
/// <param name="NaturalWidth">Its decoded width in pixels (0 when it did not load).</param>
/// <param name="NaturalHeight">Its decoded height in pixels (0 when it did not load).</param>
public sealed record PageImage(string Source, bool Loaded, int NaturalWidth, int NaturalHeight);
