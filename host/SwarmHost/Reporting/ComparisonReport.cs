using System.Globalization;
using ScottPlot;
using SwarmHost.Comparison;

namespace SwarmHost.Reporting;

/// <summary>
/// The HTML page of <c>swarmhost compare --report</c>: the rows side by side as bars (output
/// quality, missed deadlines and inserted frames), each policy's weights over time with its
/// handovers and health changes, and the table the command prints.
/// </summary>
public static class ComparisonReport
{
    /// <summary>Renders the page.</summary>
    /// <param name="manifest">The manifest compared, for the heading.</param>
    /// <param name="rows">The comparison's rows, in its order.</param>
    /// <param name="runs">The events of the policies' runs by row name (rows without events get no weights plot).</param>
    public static string Render(string manifest, IReadOnlyList<ComparisonRow> rows, IReadOnlyDictionary<string, RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(runs);
        var page = new HtmlPage($"SwarmHost comparison: {Path.GetFileName(manifest)}", "SwarmHost policy comparison", $"{manifest} · {rows.Count} rows: each policy, each encoder alone, and the per-GOP hindsight oracle");
        var best = rows.Where(r => double.IsFinite(r.Quality.MeanPsnr)).MaxBy(r => r.Quality.MeanPsnr);
        if (best is not null)
        {
            page.Cards([(best.Policy, $"best output PSNR ({best.Quality.MeanPsnr:F2} dB)", ""), .. rows.Where(r => !r.Policy.StartsWith("alone:", StringComparison.Ordinal) && r.Policy != "oracle").Select(r => (r.MissedDeadlines.ToString(CultureInfo.InvariantCulture), $"missed deadlines: {r.Policy}", r.MissedDeadlines == 0 ? "good" : "warn"))]);
        }

        var charts = new List<ReportChart> { Quality(rows), Troubles(rows) };
        charts.AddRange(runs.Select(r => RunCharts.Weights(r.Value, "weights-" + r.Key, $"Weights per encoder: {r.Key}")));
        page.Contents([.. charts.Select(c => (c.Id, c.Title)), ("rows", "Table")]);
        foreach (var chart in charts)
        {
            page.Chart(chart);
        }

        page.Heading("rows", "Table").Table(
            ["row", "PSNR mean", "PSNR p5", "SSIM mean", "SSIM p5", "missed deadlines", "quality breaches", "inserted", "lost", "handovers (planned ahead)", "bridged breaks / frames", "early / troubles", "GOPs taken as the oracle", "lead times (frames)", "elapsed s", "what it is"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Policy, HtmlPage.Number(r.Quality.MeanPsnr, "F2"), HtmlPage.Number(r.Quality.P5Psnr, "F2"), HtmlPage.Number(r.Quality.MeanSsim, "F4"), HtmlPage.Number(r.Quality.P5Ssim, "F4"),
                Count(r.MissedDeadlines), Count(r.QualityBreaches), Count(r.InsertedFrames), Count(r.LostFrames), r.HandoversPlanned(), r.Bridged(),
                $"{r.HandedOverBefore}/{r.Episodes.Count}", r.AsOracle(), string.Join(" ", r.Episodes.Select(e => e.LeadFrames is { } lead ? lead.ToString(CultureInfo.InvariantCulture) : "late")),
                HtmlPage.Number(r.ElapsedSeconds, "F1"), r.Note,
            ]));
        page.Paragraph("Handovers (planned ahead): times the output switched encoder, and of them those planned at their frame (every encoder involved asked for a keyframe there). Bridged: unplanned breaks of the output the host bridged with its own encoder until the handover, and the frames it made. Missed deadlines: slots the encoder leading by weight did not deliver in time. Early / troubles: troubles (deadline misses, quality breaches) of a recent leader where the lead had moved away before they began; lead times in frames, 'late' when after. GOPs taken as the oracle: GOPs the output took (on most of their slots) from the encoder its own run's per-GOP hindsight oracle took them from.");
        return page.Finish();
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/>.</summary>
    public static void Write(string manifest, IReadOnlyList<ComparisonRow> rows, IReadOnlyDictionary<string, RunRecord> runs, string path) =>
        HtmlPage.Save(Render(manifest, rows, runs), path);

    private static ReportChart Quality(IReadOnlyList<ComparisonRow> rows)
    {
        var plot = ChartStyle.New("", "PSNR-Y (dB)");
        Grouped(plot, rows, [("mean PSNR", r => r.Quality.MeanPsnr, Colors.SteelBlue), ("5th percentile PSNR", r => r.Quality.P5Psnr, Colors.LightSteelBlue)]);
        return ChartStyle.Render(plot, "quality", "Output quality per row", "Mean and 5th-percentile PSNR of the output against the source, for each policy, each encoder alone and the oracle.");
    }

    private static ReportChart Troubles(IReadOnlyList<ComparisonRow> rows)
    {
        var plot = ChartStyle.New("", "frames");
        Grouped(plot, rows, [("missed deadlines", r => r.MissedDeadlines, Colors.OrangeRed), ("quality breaches", r => r.QualityBreaches, Colors.Orange), ("inserted frames", r => r.InsertedFrames, Colors.Gray)]);
        return ChartStyle.Render(plot, "troubles", "Missed deadlines, quality breaches and inserted frames per row", "What each row had to fall back from: slots the leader by weight did not deliver in time, its units below the quality floor, and frames made up.");
    }

    private static void Grouped(Plot plot, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<(string Legend, Func<ComparisonRow, double> Value, Color Color)> series)
    {
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = rows.Select((r, i) => new Bar
            {
                Position = i + (s - (series.Count - 1) / 2.0) * width,
                Value = double.IsFinite(series[s].Value(r)) ? series[s].Value(r) : 0,
                FillColor = series[s].Color,
                Size = width * 0.95,
            }).ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Legend;
        }

        plot.Axes.Bottom.SetTicks([.. rows.Select((_, i) => (double)i)], [.. rows.Select(r => r.Policy)]);
        plot.Axes.Margins(bottom: 0);
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
