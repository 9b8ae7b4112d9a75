using ScottPlot;

namespace SwarmHost.Reporting;

/// <summary>The look every report plot shares: size, font, one colour per encoder, and how markers are drawn.</summary>
internal static class ChartStyle
{
    /// <summary>Image width, pixels.</summary>
    public const int Width = 1100;

    /// <summary>Image height of a time plot, pixels.</summary>
    public const int Height = 340;

    /// <summary>The colour of the output (the combined stream) wherever it is drawn with the encoders.</summary>
    public static readonly Color Output = Colors.Black;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>A new plot with the shared font and title.</summary>
    public static Plot New(string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.Left.Label.FontSize = 14;
        return plot;
    }

    /// <summary>The colour of the <paramref name="index"/>-th encoder (the run's order), the same in every plot.</summary>
    public static Color Encoder(int index) => Palette.GetColor(index);

    /// <summary>Renders <paramref name="plot"/> into a chart.</summary>
    public static ReportChart Render(Plot plot, string id, string title, string caption, int height = Height)
    {
        plot.ShowLegend(Edge.Right);
        var png = plot.GetImageBytes(Width, height, ImageFormat.Png);
        return new ReportChart(id, title, caption, png, Width, height);
    }

    /// <summary>
    /// Adds a line through <paramref name="points"/>, broken wherever consecutive points are further than
    /// <paramref name="maxGap"/> apart on x (an encoder that was down is not drawn across its absence).
    /// </summary>
    public static void Line(Plot plot, IReadOnlyList<(double X, double Y)> points, Color color, string legend, double maxGap, float width = 1.6f, LinePattern? pattern = null, bool markers = false)
    {
        var legendGiven = false;
        var start = 0;
        for (var i = 1; i <= points.Count; i++)
        {
            if (i < points.Count && points[i].X - points[i - 1].X <= maxGap)
            {
                continue;
            }

            var segment = points.Skip(start).Take(i - start).ToList();
            var scatter = plot.Add.Scatter(segment.Select(p => p.X).ToArray(), segment.Select(p => p.Y).ToArray(), color);
            scatter.LineWidth = width;
            scatter.MarkerSize = markers || segment.Count == 1 ? 5 : 0;
            scatter.LinePattern = pattern ?? LinePattern.Solid;
            if (!legendGiven)
            {
                scatter.LegendText = legend;
                legendGiven = true;
            }

            start = i;
        }
    }
}
