using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static SwarmHost.Reporting.JsonFields;

namespace SwarmHost.Reporting;

/// <summary>
/// Turns a run's events, given one at a time in order, into a <see cref="RunRecord"/> while holding
/// only what the page needs: every series is bounded (<see cref="BoundedSeries{T}"/>), so memory does
/// not grow with the length of the run. Not thread-safe.
/// </summary>
internal sealed class RunRecordBuilder
{
    /// <summary>The most slots kept for the plots (thinned evenly beyond).</summary>
    private const int MaxSlots = 8192;

    /// <summary>The most GOP figures kept per encoder.</summary>
    private const int MaxGopsPerEncoder = 4096;

    /// <summary>The most output-quality windows kept.</summary>
    private const int MaxOutputWindows = 4096;

    /// <summary>The most markers (handovers, health changes...) and scene cuts kept; later ones are only counted.</summary>
    private const int MaxMarkers = 20_000;

    private readonly BoundedSeries<SlotRecord> _slots = new(MaxSlots);
    private readonly Dictionary<string, BoundedSeries<EncoderGopRecord>> _gops = [];
    private readonly BoundedSeries<OutputQualityRecord> _output = new(MaxOutputWindows);
    private readonly List<RunMarker> _markers = [];
    private readonly List<long> _sceneCuts = [];
    private readonly List<string> _encoders = [];
    private long _lastSeq;
    private long _markersOmitted;

    /// <summary>The run-start event, once seen (or taken from a later file's <c>events-file</c> header).</summary>
    public JsonObject? Start { get; private set; }

    /// <summary>The last summary event seen.</summary>
    public JsonObject? Summary { get; private set; }

    /// <summary>How many events were added.</summary>
    public long Events { get; private set; }

    /// <summary>Adds the next event (a JSON object with a string <c>type</c>).</summary>
    public void Add(JsonObject e)
    {
        Events++;
        var type = e["type"]!.GetValue<string>();
        var seq = Long(e["seq"]) ?? _lastSeq;
        _lastSeq = seq;
        var elapsed = Number(e["elapsedMs"]) ?? 0;
        switch (type)
        {
            case "run-start":
                Start ??= e;
                break;
            case "events-file":
                if (Start is null && e["runStart"] is JsonObject runStart)
                {
                    Start = (JsonObject)runStart.DeepClone();
                }

                break;
            case "summary":
                Summary = e;
                break;
            case "weights":
                var content = Numbers(e["content"]);
                if (content.GetValueOrDefault("sceneCut") > 0)
                {
                    AddCapped(_sceneCuts, seq);
                }

                _slots.Add(new SlotRecord(seq, elapsed, Number(e["complexity"]) ?? 0, content, Numbers(e["weights"]), Text(e["leader"])));
                break;
            case "encoder-stats":
                var id = Text(e["encoder"]) ?? "?";
                if (!_gops.TryGetValue(id, out var series))
                {
                    _gops[id] = series = new BoundedSeries<EncoderGopRecord>(MaxGopsPerEncoder);
                }

                series.Add(new EncoderGopRecord(id, seq, Number(e["meanEncodeMs"]) ?? double.NaN, Number(e["maxEncodeMs"]) ?? double.NaN, Long(e["missed"]) ?? 0, Number(e["psnr"]), Number(e["ssim"])));
                break;
            case "output-quality":
                _output.Add(new OutputQualityRecord(Long(e["first"]) ?? seq, Long(e["last"]) ?? seq, Number(e["psnr"]), Number(e["ssim"])));
                break;
            default:
                if (Marker(e, type, seq, elapsed) is { } marker)
                {
                    if (_markers.Count < MaxMarkers)
                    {
                        _markers.Add(marker);
                    }
                    else
                    {
                        _markersOmitted++;
                    }
                }

                break;
        }
    }

    /// <summary>The record of what was added (call once <see cref="Start"/> is known).</summary>
    public RunRecord Build(string source, IReadOnlyList<string> files, DroppedEvents? dropped, List<string> warnings)
    {
        var start = Start ?? [];
        foreach (var id in (start["encoders"] as JsonObject)?.Select(p => p.Key) ?? [])
        {
            if (!_encoders.Contains(id))
            {
                _encoders.Add(id);
            }
        }

        if (_markersOmitted > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{_markersOmitted} events after the first {MaxMarkers} handovers and state changes are not marked on the plots (they are in the events file)"));
        }

        return new RunRecord
        {
            Source = source,
            Files = files,
            Start = start,
            FrameIntervalMs = Number(start["frameIntervalMs"]) ?? FrameIntervalFromProfile(Text(start["profile"])),
            Encoders = _encoders,
            Slots = _slots.Items,
            SlotCount = _slots.Added,
            SlotStride = _slots.Stride,
            SceneCuts = _sceneCuts,
            Gops = [.. _gops.Values.SelectMany(g => g.Items)],
            GopStride = _gops.Count == 0 ? 1 : _gops.Values.Max(g => g.Stride),
            OutputQuality = _output.Items,
            Markers = _markers,
            Summary = Summary,
            Dropped = dropped,
            Warnings = warnings,
        };
    }

    private RunMarker? Marker(JsonObject e, string type, long seq, double elapsed)
    {
        switch (type)
        {
            case "encoder-state":
                var encoder = Text(e["encoder"]) ?? "?";
                if (!_encoders.Contains(encoder))
                {
                    _encoders.Add(encoder);
                }

                return new RunMarker(seq, elapsed, type, encoder, Text(e["state"]), $"{encoder} #{Long(e["instance"]) ?? 1}: {(Text(e["from"]) is { } from ? from + " → " : "")}{Text(e["state"])}{(Text(e["reason"]) is { Length: > 0 } reason ? " (" + reason + ")" : "")}");
            case "handover":
                return new RunMarker(seq, elapsed, type, Text(e["to"]), null, $"output switched {Text(e["from"])} → {Text(e["to"])}{(e["planned"]?.GetValueKind() == JsonValueKind.True ? " (planned ahead)" : "")}");
            case "bridge":
                return new RunMarker(seq, elapsed, type, Text(e["to"]), null, Text(e["problem"]) is { } problem
                    ? $"output broke (encoder {Text(e["broken"])}) and could not be bridged: {problem}"
                    : $"output broke (encoder {Text(e["broken"])}): bridged in the host by a new {Text(e["component"])} encoder until frame {Long(e["until"])}, then {Text(e["to"])}");
            case "lead-change":
                return new RunMarker(seq, elapsed, type, Text(e["to"]), null, $"lead by weight {Text(e["from"])} → {Text(e["to"])}");
            case "handover-start":
                return new RunMarker(seq, elapsed, type, Text(e["to"]), null, HandoverStart(e));
            case "clock-state":
                return new RunMarker(seq, elapsed, type, null, Text(e["state"]), $"clock {Text(e["source"])}: {Text(e["from"])} → {Text(e["state"])}{(Text(e["detail"]) is { Length: > 0 } detail ? " (" + detail + ")" : "")}");
            case "input-stalled":
                return new RunMarker(seq, elapsed, type, null, null, string.Create(CultureInfo.InvariantCulture, $"input stalled (no picture for {Number(e["afterMs"]):F0} ms); frames inserted from here"));
            case "input-resumed":
                return new RunMarker(seq, elapsed, type, null, null, "input resumed");
            case "input-failed" or "run-failed":
                return new RunMarker(seq, elapsed, type, null, null, $"{type}: {Text(e["reason"])}");
            case "bad-unit":
                return new RunMarker(seq, elapsed, type, Text(e["encoder"]), null, $"bad unit from {Text(e["encoder"])}: {Text(e["reason"])}");
            case "analyzer-error" or "content-warning":
                return new RunMarker(seq, elapsed, type, null, null, $"{type}: {(Text(e["analyzer"]) is { } a ? a + ": " : "")}{Text(e["message"])}");
            default:
                return null;
        }
    }

    /// <summary>A <c>handover-start</c> marker: the policy's move, where it is planned, and the forecast that made it (when the policy forecasts).</summary>
    private static string HandoverStart(JsonObject e)
    {
        var at = Long(e["at"]) is { } frame ? $", planned at frame {frame}" : "";
        var why = e["forecastMs"] is null || e["forecastMs"]!.GetValueKind() == JsonValueKind.Null ? ""
            : string.Create(CultureInfo.InvariantCulture, $": {(Long(e["missInFrames"]) is { } miss ? $"deadline miss forecast in {miss} frames" : e["belowFloor"]?.GetValueKind() == JsonValueKind.True ? "quality forecast below the floor" : "forecast")} ({Number(e["forecastMs"]):F1} ms, {Number(e["forecastPsnr"]):F1} dB)");
        return $"policy took the lead from {Text(e["from"])} to {Text(e["to"])}{at}{why}";
    }

    private static void AddCapped(List<long> list, long value)
    {
        if (list.Count < MaxMarkers)
        {
            list.Add(value);
        }
    }

    /// <summary>Events written before run-start had <c>frameIntervalMs</c>: read the rate from the profile text (<c>h264 640x360 @ 30/1 gop 30</c>).</summary>
    private static double FrameIntervalFromProfile(string? profile)
    {
        var rate = profile?.Split(' ').SkipWhile(p => p != "@").Skip(1).FirstOrDefault()?.Split('/');
        return rate is [var n, var d] && double.TryParse(n, CultureInfo.InvariantCulture, out var num) && double.TryParse(d, CultureInfo.InvariantCulture, out var den) && num > 0
            ? 1000.0 * den / num
            : double.NaN;
    }

    private static Dictionary<string, double> Numbers(JsonNode? node) =>
        node is JsonObject obj
            ? obj.Where(p => p.Value?.GetValueKind() == JsonValueKind.Number).ToDictionary(p => p.Key, p => p.Value!.GetValue<double>())
            : [];
}
