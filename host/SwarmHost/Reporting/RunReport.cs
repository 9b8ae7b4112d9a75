using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Reporting;

/// <summary>
/// The HTML report of one run (<c>run --report</c>, <c>swarmhost report</c>): headline figures, the
/// plots of <see cref="RunCharts"/>, the summary tables and the list of what happened. Built only
/// from the run's events, so a saved <c>events.jsonl</c> gives the same page as the run itself.
/// </summary>
public static class RunReport
{
    private const int MaxEventsListed = 200;

    /// <summary>Renders the page.</summary>
    public static string Render(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var start = record.Start;
        var s = record.Summary;
        var page = new HtmlPage(
            $"SwarmHost report: {Path.GetFileName(record.Source)}",
            "SwarmHost run report",
            $"{Str(start, "input")} → {Str(start, "output")} · {Str(start, "profile")} · {Str(start, "policy")} weighting · clock {Str(start, "clock")} · events: {record.Source}{(record.Files.Count > 1 ? $" ({record.Files.Count} files)" : "")}");

        foreach (var warning in record.Warnings)
        {
            page.Warning(warning);
        }

        if (s is not null)
        {
            page.Cards(Headline(s));
        }

        var charts = RunCharts.Draw(record);
        page.Contents([.. charts.Select(c => (c.Id, c.Title)), ("summary", "Summary"), ("encoders", "Encoders"), ("events", "Events")]);
        foreach (var chart in charts)
        {
            page.Chart(chart);
        }

        if (s is not null)
        {
            page.Heading("summary", "Summary").Facts(SummaryRows(s));
            page.Heading("encoders", "Encoders").Table(
                ["encoder", "state", "instances", "failures", "led frames", "mean encode ms", "max encode ms", "budget share", "CPU ms/frame", "lane peak MB", "kbit/s", "target kbit/s", "PSNR mean", "PSNR p5", "SSIM mean", "missed slots", "last failure"],
                EncoderRows(s));
            if (s["analysis"]?["analyzers"] is JsonArray analyzers && analyzers.Count > 0)
            {
                page.Heading("analyzers", "Analyzers").Table(
                    ["analyzer", "plugin", "frames", "mean ms/frame", "max ms", "errors"],
                    analyzers.OfType<JsonObject>().Select(a => (IReadOnlyList<string>)[Str(a, "id"), Str(a, "plugin"), Str(a, "frames"), Num(a, "meanMs", "F2"), Num(a, "maxMs", "F1"), Str(a, "errors")]));
            }
        }
        else
        {
            page.Heading("summary", "Summary").Paragraph("The run did not finish: no summary was written. The plots show the frames it got to.");
        }

        page.Heading("events", "Events").Table(
            ["frame", "time (s)", "what"],
            record.Markers.Where(m => m.Kind != "lead-change").Take(MaxEventsListed).Select(m => (IReadOnlyList<string>)[m.Sequence.ToString(CultureInfo.InvariantCulture), (m.ElapsedMs / 1000).ToString("F2", CultureInfo.InvariantCulture), m.Text]));
        var unlisted = record.Markers.Count(m => m.Kind != "lead-change") - MaxEventsListed;
        if (unlisted > 0)
        {
            page.Paragraph($"... and {unlisted} more events; every one is in the events file.");
        }

        return page.Finish();
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> (folders created; an existing page is replaced whole).</summary>
    public static void Write(RunRecord record, string path) => HtmlPage.Save(Render(record), path);

    private static IEnumerable<(string Value, string Label, string Tone)> Headline(JsonObject s)
    {
        var lost = Long(s, "lostFrames");
        yield return (Str(s, "lostFrames"), "lost frames", lost == 0 ? "good" : "bad");
        yield return (Str(s, "framesOut"), $"frames out of {Str(s, "framesIn")} in", "");
        yield return (Str(s, "handovers"), $"handovers ({Str(s, "plannedHandovers")} planned ahead)", "");
        if (Long(s, "bridgedFailures") > 0)
        {
            yield return (Str(s, "bridgedFrames"), $"frames bridged in {Str(s, "bridgedFailures")} unplanned break(s)", "warn");
        }

        yield return (Str(s, "insertedFrames"), "inserted frames", Long(s, "insertedFrames") == 0 ? "" : "warn");
        if (s["outputQuality"] is JsonObject q && q["meanPsnr"] is not null)
        {
            yield return (Num(q, "meanPsnr", "F2") + " dB", $"output PSNR (5th pct {Num(q, "p5Psnr", "F2")} dB)", "");
            yield return (Num(q, "meanSsim", "F4"), $"output SSIM (5th pct {Num(q, "p5Ssim", "F4")})", "");
        }

        if (s["prediction"] is JsonObject p)
        {
            yield return (Str(p, "missedDeadlines"), "missed deadlines of the leader", Long(p, "missedDeadlines") == 0 ? "good" : "warn");
        }

        yield return (Num(s, "framesPerSecond", "F1"), $"fps ({Num(s, "elapsedSeconds", "F1")} s)", "");
        if (s["error"] is JsonValue error && error.GetValueKind() == JsonValueKind.String)
        {
            yield return ("failed", error.GetValue<string>(), "bad");
        }
    }

    private static IEnumerable<(string Name, string Value)> SummaryRows(JsonObject s)
    {
        yield return ("input", Str(s, "input"));
        yield return ("output", Str(s, "output"));
        yield return ("frames in / out", $"{Str(s, "framesIn")} / {Str(s, "framesOut")}");
        yield return ("lost frames", Str(s, "lostFrames"));
        yield return ("inserted frames", Str(s, "insertedFrames"));
        yield return ("duplicate frames", Str(s, "duplicateFrames"));
        yield return ("dropped late units", Str(s, "droppedLateUnits"));
        yield return ("bad units", Str(s, "badUnits"));
        yield return ("handovers", Str(s, "handovers"));
        yield return ("handovers planned ahead", Str(s, "plannedHandovers"));
        yield return ("unplanned breaks bridged / frames bridged", $"{Str(s, "bridgedFailures")} / {Str(s, "bridgedFrames")}");
        yield return ("elapsed", $"{Num(s, "elapsedSeconds", "F1")} s ({Num(s, "framesPerSecond", "F1")} fps)");
        yield return ("stopped early", Str(s, "stopped"));
        yield return ("error", s["error"] is null ? "none" : Str(s, "error"));
        yield return ("policy", Str(s, "policy"));
        if (s["prediction"] is JsonObject p)
        {
            yield return ("missed deadlines (of the leader by weight)", Str(p, "missedDeadlines"));
            yield return ("quality breaches (of the leader)", Str(p, "qualityBreaches"));
            yield return ("troubles handed over before they began", $"{Str(p, "handedOverBefore")} of {(p["episodes"] as JsonArray)?.Count ?? 0} (median lead {Num(p, "medianLeadFrames", "F0")} frames)");
        }

        if (s["outputQuality"] is JsonObject q)
        {
            yield return ("output PSNR mean / 5th pct", $"{Num(q, "meanPsnr", "F2")} / {Num(q, "p5Psnr", "F2")} dB");
            yield return ("output SSIM mean / 5th pct", $"{Num(q, "meanSsim", "F4")} / {Num(q, "p5Ssim", "F4")}");
        }

        if (s["oracle"] is JsonObject oracle && oracle["quality"] is JsonObject o)
        {
            yield return ("hindsight oracle PSNR mean / 5th pct", $"{Num(o, "meanPsnr", "F2")} / {Num(o, "p5Psnr", "F2")} dB");
            yield return ("GOPs the output took as the oracle", $"{Str(oracle, "takenAsOracle")} of {Str(oracle, "outputGops")}");
        }

        if (s["audio"] is JsonObject audio)
        {
            yield return ("audio tracks", string.Join("; ", (audio["tracks"] as JsonArray ?? []).Select(t => JsonFields.Text(t) ?? "?")));
            yield return ("audio written / silence inserted", $"{Num(audio, "writtenMs", "F0")} ms / {Num(audio, "silenceInsertedMs", "F0")} ms");
            if (audio["sync"] is JsonObject sync)
            {
                yield return ("A/V offset (audio − video) mean / largest", $"{Num(sync, "meanOffsetMs", "F1")} / {Num(sync, "maxAbsOffsetMs", "F1")} ms at {Str(sync, "matched")} of {Str(sync, "flashes")} flashes (limit {Num(sync, "limitMs", "F1")} ms)");
            }
        }
        else
        {
            yield return ("audio", s["audioNotCarried"] is null ? "none" : "not carried: " + Str(s, "audioNotCarried"));
        }

        yield return ("latency budget / hang timeout", $"{Num(s, "latencyBudgetMs", "F0")} / {Num(s, "hangTimeoutMs", "F0")} ms");
        yield return ("combiner latency", $"{Str(s, "combinerLatencyFrames")} frames");
        yield return ("clock", Str(s, "clock"));
        foreach (var n in (s["nodeClocks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var degraded = n["degradedSeconds"]?.GetValue<double>() is > 0 ? $", degraded {Num(n, "degradedSeconds", "F1")} s" : "";
            yield return ($"clock of node {Str(n, "node")}", $"{Str(n, "clock")}: {Str(n, "state")}, largest offset {(n["maxAbsOffsetNs"]?.GetValue<double>() is { } worst ? string.Create(CultureInfo.InvariantCulture, $"{worst / 1000:F1} µs") : "-")}{degraded}");
        }
        if (s["analysis"]?["content"] is JsonObject c)
        {
            yield return ("content complexity mean / max", $"{Num(c, "meanComplexity", "F2")} / {Num(c, "maxComplexity", "F2")}");
            yield return ("scene cuts, fast-action frames, low-light frames", $"{Str(c, "sceneCuts")}, {Str(c, "fastActionFrames")}, {Str(c, "lowLightFrames")}");
            yield return ("dominant content type", Str(c, "dominantContentType"));
        }
    }

    private static IEnumerable<IReadOnlyList<string>> EncoderRows(JsonObject s)
    {
        foreach (var e in (s["encoders"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var f = e["feedback"] as JsonObject ?? [];
            var q = f["quality"] as JsonObject ?? [];
            yield return
            [
                Str(e, "id"), Str(e, "state"), Str(e, "instances"), Str(e, "failures"), Str(e, "leadFrames"),
                Num(e, "meanEncodeMs", "F2"), Num(f, "maxEncodeMs", "F2"), Num(f, "budgetShare", "P0"), Num(f, "cpuMsPerFrame", "F2"),
                f["peakRssMb"] is null ? "in host" : Num(f, "peakRssMb", "F0"), Num(f, "kbps", "F0"), Num(f, "targetKbps", "F0"), Num(q, "meanPsnr", "F2"), Num(q, "p5Psnr", "F2"), Num(q, "meanSsim", "F4"),
                Str(e, "missedSlots"), e["lastFailure"] is null ? "" : Str(e, "lastFailure"),
            ];
        }
    }

    private static string Str(JsonObject obj, string name) => JsonFields.Text(obj[name]) ?? "n/a";

    private static string Num(JsonObject obj, string name, string format) => HtmlPage.Number(JsonFields.Number(obj[name]), format);

    private static long? Long(JsonObject obj, string name) => JsonFields.Long(obj[name]);
}
