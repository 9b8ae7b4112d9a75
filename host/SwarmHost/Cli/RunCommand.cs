using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Cluster;
using SwarmHost.Engine;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Events;
using SwarmHost.Manifest;
using SwarmHost.Plugins;
using SwarmHost.Preflight;
using SwarmHost.Reporting;
using SwarmHost.Telemetry;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost run &lt;manifest&gt;</c>: runs a swarm end to end.</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("manifest") { Description = "Path of the manifest JSON file." };
        var options = new RunOptions();
        var command = new Command("run", """
            Run a swarm: read the input, give every frame a sequence number and a timestamp from the
            manifest's clock, encode it with every encoder in parallel, combine their units into one
            output, and audit it. Progress goes to stderr, a summary to stdout (with `lost frames:`
            and `handovers:`), the summary JSON, the events (JSON lines, docs/events.md) and the HTML
            report (plots and tables, docs/report.md) to the files the manifest or the options name.
            Ctrl+C (or SIGTERM) stops cleanly: the encoders are flushed and the output is finished.

            Exit codes: 0 the output is complete: no frame lost (also after Ctrl+C, and for a
            damaged input decoded on; its damaged packets are counted); 1 the run failed or lost
            frames: frames lost, every encoder failed, the swarm ended below health.minEncoders
            after its rejoin attempts, or the output failed (e.g. a full disk) — the output written
            so far is closed and valid; 2 bad usage or input, found before the first frame: an
            invalid manifest or command line, an input or output that cannot be opened, or an
            encoder that cannot open (unknown codec, preset or option; every one is listed with
            its JSON path) unless health.minEncoders lets the swarm start without it.

            Examples:
              swarmhost run swarm.json
              swarmhost run swarm.json --input clip.mp4 --frames 600 --output out/clip.ts --summary out/s.json
              swarmhost run swarm.json --input udp://0.0.0.0:5000 --realtime
              swarmhost run scenarios/realtime-busy-passages.json --policy predictive --report out/busy.html
              swarmhost run swarm.json --input udp://0.0.0.0:5000 --realtime --metrics http://127.0.0.1:9464/
            """)
        {
            manifest,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Execute(context, parse, parse.GetValue(manifest)!, options, cancellationToken));
        return command;
    }

    /// <summary>Validates and runs <paramref name="file"/>, prints the summary and writes the files; returns the exit code.</summary>
    /// <param name="context">The command line's streams and services.</param>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="file">The manifest.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="credentialsFolder">The deployment's credentials when the caller provides them (the demo's own); <c>null</c>: <c>--credentials</c> or the environment.</param>
    /// <param name="during">Runs beside the swarm once it starts (the demo's fault), with the swarm's figures and each placed encoder's node; <c>null</c> for nothing.</param>
    internal static async Task<int> Execute(CliContext context, ParseResult parse, string file, RunOptions options, CancellationToken cancellationToken,
        string? credentialsFolder = null, Func<ISwarmMetricsSource, IReadOnlyDictionary<string, string>, CancellationToken, Task>? during = null)
    {
        using var host = context.BuildHost(parse);
        if (context.ValidForRun(host, parse, file) is not { } validation)
        {
            return ExitCodes.InvalidInput;
        }

        var swarm = validation.Manifest!;
        var settings = options.Settings(parse, context.Allowances(parse).Filters);
        if (!context.InputAllowed(parse, settings.Input, "--input"))
        {
            return ExitCodes.InvalidInput;
        }

        if (MemoryCheck.Of(PreflightTargets.FromManifest(swarm, settings)).Problem is { } tooBig)
        {
            context.Error.WriteLine(tooBig);
            context.Error.WriteLine($"{file}: 1 problem(s); nothing was run.");
            return ExitCodes.InvalidInput;
        }

        var summaryPath = Resolve(parse.GetValue(options.Summary)) ?? swarm.SummaryPath;
        var reportPath = Resolve(parse.GetValue(options.Report)) ?? swarm.ReportPath;
        var eventsPath = Resolve(parse.GetValue(options.Events)) ?? swarm.EventsPath ?? (reportPath is null ? null : Path.ChangeExtension(reportPath, ".events.jsonl"));
        if (settings.Output is null && !swarm.OutputUri.Contains("://", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(swarm.OutputUri)!);
        }

        using var events = new EventLog(eventsPath, options.EventFiles.Rotation(parse));
        var activator = new ComponentActivator(validation.Catalog!, host.Services.GetRequiredService<ILoggerFactory>());
        var progress = new ProgressLine(context.Error, ProgressLine.IsTerminal(context.Error));
        var quiet = parse.GetValue(options.Quiet);
        var live = !quiet && ReferenceEquals(context.Output, Console.Out) && LiveView.Available;
        using var stop = new StopSignal();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        await using var cluster = await JoinClusterAsync(context, swarm, credentialsFolder ?? parse.GetValue(options.Credentials), linked.Token).ConfigureAwait(false);
        if (swarm.Cluster is not null && cluster is null)
        {
            return ExitCodes.RuntimeFailure;
        }

        if (cluster is not null)
        {
            settings = settings with { RemoteLinks = cluster.Links };
            swarm = swarm with { Encoders = cluster.Encoders };
            foreach (var placed in cluster.Encoders.Where(e => e.PlacedByCoordinator))
            {
                context.Error.WriteLine($"run: placed encoder '{placed.InstanceId}' on node {placed.Node} (placement auto)");
            }
        }

        var engine = new SwarmEngine(swarm, settings, activator, events) { Progress = quiet || live ? null : progress.Report };
        using var metrics = new SwarmMetrics(engine);
        PrometheusEndpoint? endpoint = null;
        if (options.MetricsUri(parse) is { } metricsUri)
        {
            try
            {
                endpoint = PrometheusEndpoint.Start(metricsUri, metrics.Meter);
            }
            catch (InvalidOperationException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.RuntimeFailure;
            }

            context.Error.WriteLine($"metrics: {endpoint.ScrapeUri} (Prometheus text format, while the run lasts){(endpoint.EveryInterface ? $"; served on every interface at port {endpoint.ScrapeUri.Port} (--metrics-bind-any): anyone who can reach this machine can read them" : "")}");
        }

        using var served = endpoint;
        context.Error.WriteLine($"run: {Path.GetFileName(file)}: {swarm.Encoders.Count} encoders ({string.Join(", ", swarm.Encoders.Select(e => e.InstanceId))}) on {engine.InputShown} → {engine.OutputShown}, {engine.Policy} weighting; Ctrl+C stops cleanly");
        SwarmSummary summary;
        using var besideStop = CancellationTokenSource.CreateLinkedTokenSource(linked.Token); // ends what runs beside the swarm once the swarm has ended
        try
        {
            var running = engine.RunAsync(linked.Token);
            var beside = during?.Invoke(engine, swarm.Encoders.Where(e => e.Node is not null).ToDictionary(e => e.InstanceId, e => e.Node!, StringComparer.Ordinal), besideStop.Token) ?? Task.CompletedTask;
            if (live)
            {
                await LiveView.ShowAsync(Spectre.Console.AnsiConsole.Console, engine, events, (double)swarm.Profile.FrameRate.Numerator / swarm.Profile.FrameRate.Denominator, running).ConfigureAwait(false);
            }

            summary = await running.ConfigureAwait(false);
            await besideStop.CancelAsync().ConfigureAwait(false);
            await beside.ConfigureAwait(false);
        }
        catch (SwarmConfigurationException ex)
        {
            progress.Done();
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Ctrl+C while the encoders were still opening: no frame was read and no output written
            progress.Done();
            context.Error.WriteLine("stopped before the first frame: nothing was read and no output was written.");
            return ExitCodes.Success;
        }

        progress.Done();
        if (summaryPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(summaryPath)!);
            await File.WriteAllTextAsync(summaryPath, JsonSerializer.Serialize(summary, SummaryJson.Options), CancellationToken.None).ConfigureAwait(false);
        }

        events.Dispose();
        Print(context.Output, summary, summaryPath, eventsPath);
        if (reportPath is not null && eventsPath is not null)
        {
            WriteReport(context, eventsPath, reportPath);
        }

        var (exitCode, reason) = RunVerdict.Of(summary);
        if (reason is not null)
        {
            context.Error.WriteLine($"error: {reason}. The output written so far is closed: {summary.Output}");
        }

        return exitCode;
    }

    /// <summary>For a manifest that places encoders on cluster nodes: joins the cluster as its coordinator and waits for those nodes; <c>null</c> (with the problem written) when that fails, and when the manifest names no cluster.</summary>
    private static async Task<ClusterCoordinator?> JoinClusterAsync(CliContext context, SwarmManifest swarm, string? credentialsFolder, CancellationToken stop)
    {
        if (swarm.Cluster is not { } settings)
        {
            return null;
        }

        if (ClusterArguments.Load(credentialsFolder, context.Error) is not { } credentials)
        {
            return null;
        }

        var nodes = swarm.Encoders.Select(e => e.Node).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var waitingFor = nodes.Count == 0 ? "the nodes to place its encoders on" : $"{(nodes.Count == 1 ? "node" : "nodes")} {string.Join(", ", nodes)}{(swarm.Encoders.Any(e => e.PlacedByCoordinator) ? " and nodes to place the others on" : "")}";
        context.Error.WriteLine($"run: joining the cluster through {string.Join(", ", settings.Join)}; waiting up to {settings.WaitSeconds:0.#} s for {waitingFor}");
        try
        {
            var coordinator = await ClusterCoordinator.JoinAsync(settings, credentials, SwarmHostCli.ProductVersion, ContractVersionGate.HostContractVersion.ToString(2), swarm.Encoders, line => context.Error.WriteLine("cluster: " + line), stop).ConfigureAwait(false);
            context.Error.WriteLine($"run: nodes ready: {string.Join(", ", coordinator.Nodes.Values.Select(n => $"{n.Name} ({n.Address}, {n.FreeCores:0.#} of {n.Cores} cores free)"))}");
            return coordinator;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OperationCanceledException)
        {
            context.Error.WriteLine($"error: {swarm.File}: $.cluster: {ex.Message}");
            return null;
        }
    }

    /// <summary>Builds the HTML report from the run's events; a failure to write it is reported but does not fail the run.</summary>
    private static void WriteReport(CliContext context, string eventsPath, string reportPath)
    {
        try
        {
            RunReport.Write(RunRecordReader.ReadFile(eventsPath), reportPath);
            context.Output.WriteLine($"report: {reportPath}");
        }
        catch (Exception ex) when (ex is ReportInputException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: the report was not written: {ex.Message} (the run's other files are complete; `swarmhost report {eventsPath} -o <file>` tries again)");
        }
    }

    private static string AudioLine(AudioSummary? audio)
    {
        if (audio is null)
        {
            return "audio: none (the source has no audio, the output container carries none, or output.audio.carry is false)";
        }

        var inv = CultureInfo.InvariantCulture;
        var sync = audio.Sync is not { } y ? ""
            : y.Flashes == 0 ? "; A/V sync: no flash found to measure it by"
            : string.Create(inv, $"; A/V offset at {y.Matched} of {y.Flashes} flashes: mean {y.MeanOffsetMs:F1} ms, largest {y.MaxAbsOffsetMs:F1} ms (limit {y.LimitMs:F1} ms)");
        var gaps = audio.GapMs > 0 ? string.Create(inv, $", {audio.GapMs:F0} ms of gaps in copied tracks") : "";
        return string.Create(inv, $"audio: {audio.Tracks.Count} track{(audio.Tracks.Count == 1 ? "" : "s")} ({string.Join("; ", audio.Tracks)}), {audio.WrittenMs / 1000:F1} s written, {audio.SilenceInsertedMs:F0} ms of silence inserted{gaps}{sync}");
    }

    private static string? Resolve(string? path) => path is null ? null : Path.GetFullPath(path);

    private static void Print(TextWriter output, SwarmSummary s, string? summaryPath, string? eventsPath)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{(s.Stopped ? "stopped" : s.Error is null ? "done" : "failed")}: {s.FramesIn} frames in, {s.FramesOut} out in {s.ElapsedSeconds:F1} s ({s.FramesPerSecond:F1} fps)"));
        output.WriteLine($"lost frames: {s.LostFrames}");
        output.WriteLine($"duplicate frames: {s.DuplicateFrames}");
        output.WriteLine($"inserted frames: {s.InsertedFrames} (repeats filling a stalled live input)");
        output.WriteLine($"repeated frames: {s.RepeatedFrames} (slots no encoder delivered, filled by the combiner)");
        output.WriteLine($"damaged packets: {s.DamagedPackets}");
        output.WriteLine(s.AudioNotCarried is { } dropped ? $"audio: not carried: {dropped}" : AudioLine(s.Audio));
        if (s.Srt is { } srt)
        {
            output.WriteLine(string.Create(inv, $"srt ({srt.Mode}): {srt.Connections} connection{(srt.Connections == 1 ? "" : "s")}, {srt.Disconnects} lost; {srt.BytesSent / 1e6:F1} MB sent, {srt.BytesDropped / 1e6:F1} MB with no receiver; RTT {(srt.RttMs is { } rtt ? $"{rtt:F1} ms" : "n/a")}, {srt.Retransmitted} retransmitted, {srt.SenderDropped} dropped by SRT{(srt.LastProblem is { } last ? $"; last: {last}" : "")}"));
        }
        if (s.Subtitles is { } subtitles)
        {
            output.WriteLine($"subtitles: {string.Join("; ", subtitles.Tracks)}; {subtitles.PacketsWritten} packets written");
        }

        if (s.Hls is { } hls)
        {
            output.WriteLine(string.Create(inv, $"hls: segments of {hls.SegmentFrames} frames from number {hls.FirstSegment}; {(hls.EpochLocked ? $"epoch-locked ({hls.SkippedFrames} pictures skipped to the first boundary), {hls.Slips} slip{(hls.Slips == 1 ? "" : "s")}" : $"not epoch-locked: {hls.NotLocked}")}"));
        }

        if (s.InputCutShort is { } cut)
        {
            output.WriteLine($"input cut short: {cut}");
        }
        if (s.AbandonedThreads > 0)
        {
            output.WriteLine($"abandoned threads: {s.AbandonedThreads} (encoder calls that never returned)");
        }

        if (s.BelowSize)
        {
            output.WriteLine($"below size: the swarm started with fewer encoders than the manifest names (health.minEncoders {s.MinEncoders})");
        }

        output.WriteLine($"dropped late units: {s.DroppedLateUnits}");
        output.WriteLine($"bad units: {s.BadUnits}");
        output.WriteLine(s.PlannedHandovers > 0 ? $"handovers: {s.Handovers} ({s.PlannedHandovers} planned at their frame)" : $"handovers: {s.Handovers}");
        if (s.BridgedFailures > 0)
        {
            output.WriteLine($"bridged: {s.BridgedFailures} unplanned break(s) of the output, {s.BridgedFrames} frames encoded by the host's bridge encoder until the handover");
        }

        if (s.Prediction is { } p)
        {
            output.WriteLine(string.Create(inv, $"policy: {p.Policy}; missed deadlines {p.MissedDeadlines}, quality breaches {p.QualityBreaches} (of the encoder leading by weight); lead moved {p.PolicyHandovers} times; {p.HandedOverBefore} of {p.Episodes.Count} troubles of a recent leader handed over before they began{(double.IsFinite(p.MedianLeadFrames) ? $" (median lead {p.MedianLeadFrames:F0} frames)" : "")}"));
        }

        if (s.OutputQuality.Frames > 0)
        {
            var q = s.OutputQuality;
            output.WriteLine(string.Create(inv, $"output quality: PSNR mean {q.MeanPsnr:F2} dB, 5th percentile {q.P5Psnr:F2} dB; SSIM mean {q.MeanSsim:F4}, 5th percentile {q.P5Ssim:F4} ({q.Frames} frames, {s.OutputQualityCostMs:F2} ms/frame to measure)"));
        }

        foreach (var e in s.Encoders)
        {
            var f = e.Feedback;
            var quality = f is { Quality.Frames: > 0 } ? string.Create(inv, $", PSNR {f.Quality.MeanPsnr:F2} dB") : "";
            var share = double.IsFinite(f?.BudgetShare ?? double.NaN) ? string.Create(inv, $"{f!.BudgetShare:P0} of the frame interval") : "no frame encoded";
            var cpu = double.IsFinite(f?.CpuMsPerFrame ?? double.NaN) ? string.Create(inv, $", CPU {f!.CpuMsPerFrame:F2} ms/frame") : "";
            var load = f is null ? "" : string.Create(inv, $", {share}{cpu}, queue max {f.MaxQueueDepth}, {f.Kbps:F0} kbit/s{(f.TargetKbps is { } t ? $" (target {t:F0})" : "")}");
            output.WriteLine(string.Create(inv, $"  {e.Id,-10} {e.State,-9} led {e.LeadFrames,5} frames, {e.MeanEncodeMs,6:F2} ms/frame, weight {e.Weight:F3}{quality}{load}{(e.UnitLatencyMs is { } l ? $", unit latency {l.Median:F0}/{l.P95:F0} ms" : "")}{NodeSource(e.NodeSource)}{(e.MissedSlots > 0 ? $", missed {e.MissedSlots}" : "")}{(e.Failures > 0 ? $", failed {e.Failures}x: {e.LastFailure}" : "")}{(e.Instances > 1 ? $", {e.Instances} instances" : "")}{(e.Nodes is null ? "" : $", on node {string.Join(" then ", e.Nodes)}")}"));
        }

        if (s.HangDetectionsMs.Count > 0)
        {
            output.WriteLine(string.Create(inv, $"hang detected after: {string.Join(", ", s.HangDetectionsMs.Select((ms, i) => $"{ms:F0} ms (limit {(i < s.HangLimitsMs.Count ? s.HangLimitsMs[i] : s.HangTimeoutMs):F0} ms)"))}"));
        }

        var content = s.Analysis.Content;
        var type = content.DominantContentType is { } top
            ? string.Create(inv, $"; content type: {top} (on top {content.ContentTypeFrames[top]} of {content.ContentTypeFrames.Values.Sum()} frames; mean {string.Join(", ", content.ContentType.Select(p => $"{p.Key} {p.Value:F2}"))})")
            : "";
        output.WriteLine(string.Create(inv, $"content: complexity mean {content.MeanComplexity?.ToString("F2", inv) ?? "n/a"}, max {content.MaxComplexity?.ToString("F2", inv) ?? "n/a"}; {content.SceneCuts} scene cuts; {content.FastActionFrames} fast-action and {content.LowLightFrames} low-light frames{type}"));
        output.WriteLine(string.Create(inv, $"analyzers: {string.Join("; ", s.Analysis.Analyzers.Select(a => $"{a.Id} {a.MeanMs:F2} ms/frame (max {a.MaxMs:F1}){(a.Errors > 0 ? $", {a.Errors} errors" : "")}"))}"));
        output.WriteLine($"combiner latency: {s.CombinerLatencyFrames} frames at most, {s.CombinerLatencySteadyFrames} in the steady state (the longest and the median time the combiner held a unit, plus the largest encoder delay)");
        output.WriteLine($"clock: {s.Clock}");
        if (s.ClockTransitions.Count > 0)
        {
            output.WriteLine(string.Create(inv, $"clock changes: {string.Join("; ", s.ClockTransitions.Select(t => $"{t.From} → {t.To} at frame {t.Sequence} ({t.ElapsedMs / 1000:F1} s)"))}"));
        }

        if (s.NodeClocks.Count > 0)
        {
            output.WriteLine(string.Create(inv, $"node clocks: {string.Join("; ", s.NodeClocks.Select(n => $"{n.Node} {n.Clock} {n.State}{(n.MaxAbsOffsetNs is { } worst ? $" (largest offset {worst / 1000:0.#} µs)" : "")}{(n.DegradedSeconds > 0 ? $", degraded {n.DegradedSeconds:0.#} s" : "")}"))}"));
        }
        output.WriteLine($"output: {s.Output}");
        if (summaryPath is not null)
        {
            output.WriteLine($"summary: {summaryPath}");
        }

        if (eventsPath is not null)
        {
            output.WriteLine($"events: {eventsPath}");
        }
    }

    /// <summary>How an encoder's pictures reached its nodes, for its summary line; empty for an encoder on this machine.</summary>
    private static string NodeSource(NodeSourceSummary? source) => source is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"{(source.ArrivalMs is { } a ? $", source at node {a.Median:F0}/{a.P95:F0} ms" : "")}{(source.FilledFrames > 0 ? $", {source.FilledFrames} filled at node" : "")}");
}
