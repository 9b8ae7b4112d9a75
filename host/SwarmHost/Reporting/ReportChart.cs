namespace SwarmHost.Reporting;

/// <summary>One plot of the report, rendered.</summary>
/// <param name="Id">Anchor id in the page (e.g. <c>weights</c>).</param>
/// <param name="Title">Heading above the plot.</param>
/// <param name="Caption">How to read it, one or two sentences.</param>
/// <param name="Png">The plot as a PNG image.</param>
/// <param name="Width">Image width, pixels.</param>
/// <param name="Height">Image height, pixels.</param>
public sealed record ReportChart(string Id, string Title, string Caption, byte[] Png, int Width, int Height);
