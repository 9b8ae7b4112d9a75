using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using SwarmHost.Engine;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Cli;

/// <summary>
/// The live view of a run on a terminal (Spectre.Console): frames in and out, speed against real
/// time, the leader and handovers, the clock, each encoder's state, weight (as a bar), encode time
/// and quality, and the last events — redrawn four times a second from the snapshot the engine
/// publishes. Off a terminal the run writes plain progress lines instead; <c>--quiet</c> shows
/// neither.
/// </summary>
internal static class LiveView
{
    private const int BarWidth = 20;
    private const int EventLines = 5;

    /// <summary>Per-GOP figures: every encoder, every GOP — the table shows them already.</summary>
    private const string RoutineEvent = "{\"type\":\"encoder-stats\"";

    /// <summary>Whether standard output is a terminal the live view can redraw.</summary>
    public static bool Available => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Redraws the view on <paramref name="console"/> until <paramref name="run"/> completes.</summary>
    public static async Task ShowAsync(IAnsiConsole console, ISwarmMetricsSource source, EventLog events, double frameRate, Task run)
    {
        ArgumentNullException.ThrowIfNull(console);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await console.Live(new Text("starting the swarm…")).AutoClear(false).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                context.UpdateTarget(Render(source.Latest, events.RecentEvents(), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, frameRate));
                await Task.WhenAny(run, Task.Delay(250)).ConfigureAwait(false);
            }

            context.UpdateTarget(Render(source.Latest, events.RecentEvents(), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, frameRate));
        }).ConfigureAwait(false);
    }

    /// <summary>One frame of the view.</summary>
    /// <param name="snapshot">The swarm's latest figures, or <c>null</c> before the encoders opened.</param>
    /// <param name="recentEvents">The last events as written (JSON lines), oldest first.</param>
    /// <param name="elapsedSeconds">Wall time since the run started.</param>
    /// <param name="frameRate">The profile's frame rate, for speed against real time.</param>
    public static IRenderable Render(SwarmMetricsSnapshot? snapshot, IReadOnlyList<string> recentEvents, double elapsedSeconds, double frameRate)
    {
        ArgumentNullException.ThrowIfNull(recentEvents);
        if (snapshot is null)
        {
            return new Markup("[grey]opening the encoders…[/]");
        }

        var inv = CultureInfo.InvariantCulture;
        var fps = snapshot.FramesIn / Math.Max(0.001, elapsedSeconds);
        var header = new Markup(string.Create(inv,
            $"[bold]{snapshot.FramesIn}[/] frames in, [bold]{snapshot.FramesOut}[/] out, lost [{(snapshot.FramesLost == 0 ? "green" : "red")}]{snapshot.FramesLost}[/], inserted {snapshot.FramesInserted} · {fps:F1} fps = {fps / frameRate:F2}× real time · leader [bold]{Markup.Escape(snapshot.Leader ?? "-")}[/], handovers {snapshot.Handovers} · clock {Markup.Escape(snapshot.ClockSource)} {(snapshot.ClockSynchronised ? "[green]synchronised[/]" : "[yellow]not synchronised[/]")}"));
        var table = new Table().Border(TableBorder.Rounded).AddColumns("encoder", "state", "weight", "encode ms", "PSNR dB");
        foreach (var encoder in snapshot.Encoders)
        {
            var filled = (int)Math.Round(encoder.Weight * BarWidth);
            var colour = encoder.State switch
            {
                EncoderState.Active => "green",
                EncoderState.Degraded => "yellow",
                EncoderState.Failed => "red",
                _ => "grey",
            };
            table.AddRow(
                new Markup((encoder.Id == snapshot.Leader ? "[bold]▶ " : "  ") + Markup.Escape(encoder.Id) + (encoder.Id == snapshot.Leader ? "[/]" : "")),
                new Markup($"[{colour}]{encoder.State}[/]"),
                new Markup(string.Create(inv, $"[blue]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/] {encoder.Weight:F2}")),
                new Text(encoder.MeanEncodeMs.ToString("F1", inv)),
                new Text(double.IsFinite(encoder.RecentPsnr) ? encoder.RecentPsnr.ToString("F2", inv) : "-"));
        }

        var lines = recentEvents.Where(e => !e.StartsWith(RoutineEvent, StringComparison.Ordinal)).TakeLast(EventLines).Select(Describe).Select(line => (IRenderable)new Markup("[grey]" + Markup.Escape(line) + "[/]"));
        return new Rows([header, table, .. lines]);
    }

    /// <summary>An event line in words: its type, frame and the fields people look at.</summary>
    private static string Describe(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var parts = new List<string> { root.GetProperty("type").GetString() ?? "?" };
            if (root.TryGetProperty("seq", out var seq))
            {
                parts.Add("@" + seq.GetRawText());
            }

            foreach (var name in new[] { "encoder", "from", "to", "state", "reason" })
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    parts.Add($"{name} {value.GetString()}");
                }
            }

            return string.Join(" ", parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
