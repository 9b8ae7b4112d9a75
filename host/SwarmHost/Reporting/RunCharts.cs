using ScottPlot;

namespace SwarmHost.Reporting;

/// <summary>Draws the report's plots of one run (ScottPlot, rendered to PNG through SkiaSharp). Every plot's x axis is the frame (sequence number).</summary>
public static class RunCharts
{
    private static readonly Color Handover = Colors.Black;
    private static readonly Color Failed = Colors.Red;
    private static readonly Color Degraded = Colors.Orange;
    private static readonly Color Rejoin = Colors.Green;
    private static readonly Color Timing = Colors.Purple;

    /// <summary>Every plot the record has data for, in the page's order.</summary>
    public static IReadOnlyList<ReportChart> Draw(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var charts = new List<ReportChart>();
        if (record.Slots.Count > 0)
        {
            charts.Add(Weights(record));
            charts.Add(Content(record));
            if (record.ContentTypeLabels.Count > 0)
            {
                charts.Add(ContentType(record));
            }
        }

        if (record.Gops.Count > 0)
        {
            charts.Add(EncodeTime(record));
        }

        if (record.Gops.Any(g => g.Psnr is not null) || record.OutputQuality.Any(o => o.Psnr is not null))
        {
            charts.Add(Quality(record, "psnr", "Quality: PSNR", "PSNR-Y (dB)", g => g.Psnr, o => o.Psnr));
        }

        if (record.Gops.Any(g => g.Ssim is not null) || record.OutputQuality.Any(o => o.Ssim is not null))
        {
            charts.Add(Quality(record, "ssim", "Quality: SSIM", "SSIM-Y", g => g.Ssim, o => o.Ssim));
        }

        return charts;
    }

    /// <summary>The weights plot alone, under another anchor and title (the comparison page draws one per policy).</summary>
    public static ReportChart Weights(RunRecord record, string id, string title)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Weights(record) with { Id = id, Title = title };
    }

    private static ReportChart Weights(RunRecord record)
    {
        var plot = ChartStyle.New("frame", "weight");
        for (var i = 0; i < record.Encoders.Count; i++)
        {
            var id = record.Encoders[i];
            var points = record.Slots.Select(s => ((double)s.Sequence, s.Weights.TryGetValue(id, out var w) ? w : 0)).ToList();
            ChartStyle.Line(plot, points, ChartStyle.Encoder(i), id, double.MaxValue, width: 2f);
        }

        Mark(plot, record, health: true);
        plot.Axes.SetLimitsY(-0.02, 1.1);
        return ChartStyle.Render(plot, "weights", "Weights per encoder", "Each encoder's normalised weight at every closed slot (0 while it is down). Vertical lines: black, the output switched encoder; red dashed, an encoder failed; orange dotted, one degraded; green dashed, one (re)joined; purple, the clock or the input changed state.");
    }

    private static ReportChart Content(RunRecord record)
    {
        var plot = ChartStyle.New("frame", "complexity (0..1)");
        ChartStyle.Line(plot, [.. record.Slots.Select(s => ((double)s.Sequence, s.Complexity))], Colors.SteelBlue, "complexity", SlotGap(record), width: 2f);
        if (record.Slots.Any(s => s.Content.ContainsKey("fastActionFlag")))
        {
            ChartStyle.Line(plot, [.. record.Slots.Select(s => ((double)s.Sequence, s.Content.GetValueOrDefault("fastActionFlag") * 0.98))], Colors.OrangeRed.WithAlpha(0.6), "fast action (flag)", SlotGap(record), width: 1f, pattern: LinePattern.Dotted);
        }

        if (record.Slots.Any(s => s.Content.ContainsKey("lowLightFlag")))
        {
            ChartStyle.Line(plot, [.. record.Slots.Select(s => ((double)s.Sequence, s.Content.GetValueOrDefault("lowLightFlag") * 0.96))], Colors.DarkSlateGray.WithAlpha(0.6), "low light (flag)", SlotGap(record), width: 1f, pattern: LinePattern.Dashed);
        }

        var cuts = record.SceneCuts;
        for (var i = 0; i < cuts.Count; i++)
        {
            var line = plot.Add.VerticalLine(cuts[i], 1, Colors.Gray, LinePattern.Dotted);
            line.LegendText = i == 0 ? "scene cut" : "";
        }

        plot.Axes.SetLimitsY(-0.02, 1.05, plot.Axes.Left);
        if (record.Slots.Any(s => s.Content.ContainsKey("motionMean")))
        {
            var motion = plot.Add.Scatter(record.Slots.Select(s => (double)s.Sequence).ToArray(), record.Slots.Select(s => s.Content.GetValueOrDefault("motionMean")).ToArray(), Colors.DarkGreen);
            motion.MarkerSize = 0;
            motion.LineWidth = 1.4f;
            motion.LegendText = "motion (mean vector length, px)";
            motion.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "motion (px)";
            plot.Axes.Right.Label.FontSize = 14;
        }

        return ChartStyle.Render(plot, "content", "Content: complexity and motion", "What the analyzers saw in each frame: complexity (left axis, the seed weighting's content input), the mean motion-vector length (right axis), fast-action and low-light flags, and scene cuts.");
    }

    private static ReportChart ContentType(RunRecord record)
    {
        var plot = ChartStyle.New("frame", "probability");
        var labels = record.ContentTypeLabels;
        for (var i = 0; i < labels.Count; i++)
        {
            var key = RunRecord.ContentTypePrefix + labels[i];
            var points = record.Slots.Where(s => s.Content.ContainsKey(key)).Select(s => ((double)s.Sequence, s.Content[key])).ToList();
            ChartStyle.Line(plot, points, new ScottPlot.Palettes.Tsitsulin().GetColor(i), labels[i], SlotGap(record), width: 1.8f);
        }

        plot.Axes.SetLimitsY(-0.02, 1.05);
        return ChartStyle.Render(plot, "content-type", "Content type", "The content classifier's probability per label over time; the label on top is the content type a policy sees.");
    }

    private static ReportChart EncodeTime(RunRecord record)
    {
        var plot = ChartStyle.New("frame (end of GOP)", "encode time (ms)");
        var gap = GopGap(record);
        for (var i = 0; i < record.Encoders.Count; i++)
        {
            var gops = record.Gops.Where(g => g.Encoder == record.Encoders[i]).ToList();
            ChartStyle.Line(plot, [.. gops.Where(g => double.IsFinite(g.MeanEncodeMs)).Select(g => ((double)g.Sequence, g.MeanEncodeMs))], ChartStyle.Encoder(i), record.Encoders[i] + " mean", gap, width: 2f, markers: true);
            ChartStyle.Line(plot, [.. gops.Where(g => double.IsFinite(g.MaxEncodeMs)).Select(g => ((double)g.Sequence, g.MaxEncodeMs))], ChartStyle.Encoder(i).WithAlpha(0.7), record.Encoders[i] + " max", gap, width: 1f, pattern: LinePattern.Dotted);
        }

        if (double.IsFinite(record.FrameIntervalMs))
        {
            var budget = plot.Add.HorizontalLine(record.FrameIntervalMs, 1.5f, Colors.Red, LinePattern.Dashed);
            budget.LegendText = $"frame budget ({record.FrameIntervalMs:0.#} ms)";
        }

        Mark(plot, record, health: false);
        plot.Axes.Left.Min = 0;
        return ChartStyle.Render(plot, "encode-time", "Encode time against the frame budget", "Each encoder's mean (solid) and longest (dotted) encode time per frame over each GOP. Above the red line an encoder cannot keep up in real time.");
    }

    private static ReportChart Quality(RunRecord record, string id, string title, string unit, Func<EncoderGopRecord, double?> encoderFigure, Func<OutputQualityRecord, double?> outputFigure)
    {
        var plot = ChartStyle.New("frame (end of GOP)", unit);
        var gap = GopGap(record);
        for (var i = 0; i < record.Encoders.Count; i++)
        {
            var points = record.Gops.Where(g => g.Encoder == record.Encoders[i] && encoderFigure(g) is not null).Select(g => ((double)g.Sequence, encoderFigure(g)!.Value)).ToList();
            ChartStyle.Line(plot, points, ChartStyle.Encoder(i), record.Encoders[i], gap, width: 1.6f, markers: true);
        }

        var output = record.OutputQuality.Where(o => outputFigure(o) is not null).Select(o => ((double)o.Last, outputFigure(o)!.Value)).ToList();
        ChartStyle.Line(plot, output, ChartStyle.Output, "output", gap, width: 3f, markers: true);
        Mark(plot, record, health: false);
        return ChartStyle.Render(plot, id, title, $"Mean {unit} per GOP of each encoder's own units against the source, and of the output as written (black, thick; a frame missing from the output counts as the repeat a player shows).");
    }

    /// <summary>Vertical lines at handovers, and with <paramref name="health"/> at failures, degradations, (re)joins and clock or input changes.</summary>
    private static void Mark(Plot plot, RunRecord record, bool health)
    {
        var legends = new HashSet<string>();
        foreach (var marker in record.Markers)
        {
            (Color color, LinePattern pattern, string legend)? style = marker switch
            {
                { Kind: "handover" } => (Handover, LinePattern.Solid, "output switched encoder"),
                { Kind: "encoder-state", State: "Failed" } when health => (Failed, LinePattern.Dashed, "encoder failed"),
                { Kind: "encoder-state", State: "Degraded" } when health => (Degraded, LinePattern.Dotted, "encoder degraded"),
                { Kind: "encoder-state", State: "Joining", Sequence: > 0 } when health => (Rejoin, LinePattern.Dashed, "encoder (re)joined"),
                { Kind: "clock-state" or "input-stalled" or "input-resumed" } when health => (Timing, LinePattern.DenselyDashed, "clock or input changed"),
                _ => null,
            };
            if (style is not { } s)
            {
                continue;
            }

            var line = plot.Add.VerticalLine(marker.Sequence, marker.Kind == "handover" ? 2f : 1.3f, s.color, s.pattern);
            if (legends.Add(s.legend))
            {
                line.LegendText = s.legend;
            }
        }
    }

    /// <summary>The largest step between consecutive slots that still counts as continuous (wider when the slots were thinned).</summary>
    private static double SlotGap(RunRecord record) => 1.5 * record.SlotStride;

    /// <summary>The largest step between consecutive per-GOP points that still counts as continuous: one GOP and a little slack; a missing GOP breaks the line.</summary>
    private static double GopGap(RunRecord record) =>
        2.25 + (record.GopStride * (JsonFields.Number(record.Start["gop"]) is { } gop and > 0 ? gop : 30));
}
