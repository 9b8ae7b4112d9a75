using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static SwarmHost.Reporting.JsonFields;

namespace SwarmHost.Reporting;

/// <summary>Reads a run's events (JSON lines, <c>docs/events.md</c>) into a <see cref="RunRecord"/>.</summary>
/// <remarks>
/// Tolerates what a live run leaves behind: a last line cut short and a missing summary (the run was
/// killed) become warnings. Refuses, listing every bad line at once, a file that is not events: lines
/// that are not JSON objects with a <c>type</c>, or no <c>run-start</c> event.
/// </remarks>
public static class RunRecordReader
{
    private const int MaxProblemsListed = 10;

    /// <summary>Reads the events file at <paramref name="path"/>.</summary>
    /// <exception cref="ReportInputException">The file is missing, unreadable or not a run's events.</exception>
    public static RunRecord ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"{path}: cannot read the events file: {ex.Message}. Give the events a run wrote (run --events <file>, or the manifest's \"events\").", ex);
        }

        return Read(lines, path);
    }

    /// <summary>Reads events given as lines.</summary>
    /// <param name="lines">One JSON object per line; blank lines are skipped.</param>
    /// <param name="source">Where they came from, for messages and the page heading.</param>
    /// <exception cref="ReportInputException">They are not a run's events (every bad line is listed).</exception>
    public static RunRecord Read(IReadOnlyList<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var problems = new List<string>();
        var warnings = new List<string>();
        var events = new List<JsonObject>();
        var lastLine = lines.Count;
        while (lastLine > 0 && string.IsNullOrWhiteSpace(lines[lastLine - 1]))
        {
            lastLine--;
        }

        for (var i = 0; i < lastLine; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(lines[i]);
            }
            catch (JsonException ex)
            {
                if (i == lastLine - 1 && events.Count > 0)
                {
                    warnings.Add($"line {i + 1} (the last) is cut short and was skipped: the run was stopped while writing it");
                    continue;
                }

                problems.Add($"line {i + 1}: not JSON ({ex.Message})");
                continue;
            }

            if (node is not JsonObject obj || obj["type"]?.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"line {i + 1}: not an event (a JSON object with a \"type\")");
                continue;
            }

            events.Add(obj);
        }

        if (problems.Count == 0 && !events.Any(e => Type(e) == "run-start"))
        {
            problems.Add(events.Count == 0 ? "no events at all" : "no run-start event: these are not a SwarmHost run's events, or the run never started its encoders");
        }

        if (problems.Count > 0)
        {
            var listed = string.Join(Environment.NewLine, problems.Take(MaxProblemsListed).Select(p => $"  {source}: {p}"));
            var more = problems.Count > MaxProblemsListed ? $"{Environment.NewLine}  ... and {problems.Count - MaxProblemsListed} more" : "";
            throw new ReportInputException($"{source}: cannot build a report from this file ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}{listed}{more}{Environment.NewLine}Give the events file a run wrote (run --events <file>, or the manifest's \"events\"); see docs/events.md.");
        }

        var summary = events.LastOrDefault(e => Type(e) == "summary");
        if (summary is null)
        {
            warnings.Add("no summary event: the run did not finish (it was killed, or is still going); the report shows what was written");
        }

        return Build(events, source, summary, warnings);
    }

    private static RunRecord Build(List<JsonObject> events, string source, JsonObject? summary, List<string> warnings)
    {
        var start = events.First(e => Type(e) == "run-start");
        var encoders = new List<string>();
        var slots = new List<SlotRecord>();
        var gops = new List<EncoderGopRecord>();
        var output = new List<OutputQualityRecord>();
        var markers = new List<RunMarker>();
        foreach (var e in events)
        {
            var type = Type(e);
            var seq = Long(e["seq"]) ?? slots.LastOrDefault()?.Sequence ?? 0;
            var elapsed = Number(e["elapsedMs"]) ?? 0;
            switch (type)
            {
                case "weights":
                    slots.Add(new SlotRecord(seq, elapsed, Number(e["complexity"]) ?? 0, Numbers(e["content"]), Numbers(e["weights"]), Text(e["leader"])));
                    break;
                case "encoder-stats":
                    gops.Add(new EncoderGopRecord(Text(e["encoder"]) ?? "?", seq, Number(e["meanEncodeMs"]) ?? double.NaN, Number(e["maxEncodeMs"]) ?? double.NaN, Long(e["missed"]) ?? 0, Number(e["psnr"]), Number(e["ssim"])));
                    break;
                case "output-quality":
                    output.Add(new OutputQualityRecord(Long(e["first"]) ?? seq, Long(e["last"]) ?? seq, Number(e["psnr"]), Number(e["ssim"])));
                    break;
                case "encoder-state":
                    var encoder = Text(e["encoder"]) ?? "?";
                    if (!encoders.Contains(encoder))
                    {
                        encoders.Add(encoder);
                    }

                    markers.Add(new RunMarker(seq, elapsed, type, encoder, Text(e["state"]), $"{encoder} #{Long(e["instance"]) ?? 1}: {(Text(e["from"]) is { } from ? from + " → " : "")}{Text(e["state"])}{(Text(e["reason"]) is { Length: > 0 } reason ? " (" + reason + ")" : "")}"));
                    break;
                case "handover":
                    markers.Add(new RunMarker(seq, elapsed, type, Text(e["to"]), null, $"output switched {Text(e["from"])} → {Text(e["to"])}"));
                    break;
                case "lead-change":
                    markers.Add(new RunMarker(seq, elapsed, type, Text(e["to"]), null, $"lead by weight {Text(e["from"])} → {Text(e["to"])}"));
                    break;
                case "handover-start":
                    markers.Add(new RunMarker(seq, elapsed, type, Text(e["to"]), null, string.Create(CultureInfo.InvariantCulture, $"policy took the lead from {Text(e["from"])} to {Text(e["to"])}: {(Long(e["missInFrames"]) is { } miss ? $"deadline miss forecast in {miss} frames" : e["belowFloor"]?.GetValue<bool>() == true ? "quality forecast below the floor" : "forecast")} ({Number(e["forecastMs"]):F1} ms, {Number(e["forecastPsnr"]):F1} dB)")));
                    break;
                case "clock-state":
                    markers.Add(new RunMarker(seq, elapsed, type, null, Text(e["state"]), $"clock {Text(e["source"])}: {Text(e["from"])} → {Text(e["state"])}{(Text(e["detail"]) is { Length: > 0 } detail ? " (" + detail + ")" : "")}"));
                    break;
                case "input-stalled":
                    markers.Add(new RunMarker(seq, elapsed, type, null, null, string.Create(CultureInfo.InvariantCulture, $"input stalled (no picture for {Number(e["afterMs"]):F0} ms); frames inserted from here")));
                    break;
                case "input-resumed":
                    markers.Add(new RunMarker(seq, elapsed, type, null, null, "input resumed"));
                    break;
                case "input-failed" or "run-failed":
                    markers.Add(new RunMarker(seq, elapsed, type, null, null, $"{type}: {Text(e["reason"])}"));
                    break;
                case "bad-unit":
                    markers.Add(new RunMarker(seq, elapsed, type, Text(e["encoder"]), null, $"bad unit from {Text(e["encoder"])}: {Text(e["reason"])}"));
                    break;
                case "analyzer-error" or "content-warning":
                    markers.Add(new RunMarker(seq, elapsed, type, null, null, $"{type}: {(Text(e["analyzer"]) is { } a ? a + ": " : "")}{Text(e["message"])}"));
                    break;
            }
        }

        foreach (var id in (start["encoders"] as JsonObject)?.Select(p => p.Key) ?? [])
        {
            if (!encoders.Contains(id))
            {
                encoders.Add(id);
            }
        }

        return new RunRecord
        {
            Source = source,
            Start = start,
            FrameIntervalMs = Number(start["frameIntervalMs"]) ?? FrameIntervalFromProfile(Text(start["profile"])),
            Encoders = encoders,
            Slots = slots,
            Gops = gops,
            OutputQuality = output,
            Markers = markers,
            Summary = summary,
            Warnings = warnings,
        };
    }

    /// <summary>Events written before run-start had <c>frameIntervalMs</c>: read the rate from the profile text (<c>h264 640x360 @ 30/1 gop 30</c>).</summary>
    private static double FrameIntervalFromProfile(string? profile)
    {
        var rate = profile?.Split(' ').SkipWhile(p => p != "@").Skip(1).FirstOrDefault()?.Split('/');
        return rate is [var n, var d] && double.TryParse(n, CultureInfo.InvariantCulture, out var num) && double.TryParse(d, CultureInfo.InvariantCulture, out var den) && num > 0
            ? 1000.0 * den / num
            : double.NaN;
    }

    private static string? Type(JsonObject e) => e["type"]?.GetValue<string>();

    private static Dictionary<string, double> Numbers(JsonNode? node) =>
        node is JsonObject obj
            ? obj.Where(p => p.Value?.GetValueKind() == JsonValueKind.Number).ToDictionary(p => p.Key, p => p.Value!.GetValue<double>())
            : [];
}
