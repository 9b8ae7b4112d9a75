using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Coordination;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Health;
using SwarmHost.Engine.Intake;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Engine.Lanes.Remote;
using SwarmHost.Engine.Output;
using SwarmHost.Engine.Slots;
using SwarmHost.Engine.Weights;
using SwarmHost.Feedback;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Media.Audio;
using SwarmHost.Media.Srt;
using SwarmHost.Pipeline;
using SwarmHost.Plugins;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Engine;

/// <summary>
/// Runs a swarm: intake (source, stamp, analysis) → encoder lanes in parallel → slot book →
/// health, weighting → output (combiner, sink). This type is the wiring: it opens the parts, starts
/// the intake thread and runs the coordinator loop that moves messages and slots between the
/// stages. One engine runs one manifest once.
/// </summary>
/// <remarks>
/// <para>Threads: the intake thread (<see cref="FrameIntake"/>) reads, stamps and analyses frames
/// and offers each to every live encoder; each encoder runs on its own <see cref="EncoderWorker"/>
/// thread; the coordinator (<see cref="SwarmCoordinator"/>, on the caller of
/// <see cref="RunAsync"/>) files units into slots by sequence number (<see cref="SlotBook"/>),
/// closes slots in order once every expected encoder delivered or missed it
/// (<see cref="SlotTiming"/>), scores them (<see cref="HealthMonitor"/>), sets the weights
/// (<see cref="WeightingStage"/>), feeds the combiner and writes the output
/// (<see cref="OutputStage"/>).</para>
/// </remarks>
public sealed class SwarmEngine : ISwarmMetricsSource
{
    private readonly SwarmManifest _manifest;
    private readonly RunSettings _settings;
    private readonly ComponentActivator _activator;
    private readonly EventLog _events;
    private readonly Channel<LaneMessage> _messages = Channel.CreateUnbounded<LaneMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EncoderRoster _roster = new();
    private readonly SlotBook _slots = new();
    private readonly SlotNumbering _numbering = new();
    private readonly IWeightingPolicy _policy;
    private readonly HandoverAudit _handoverAudit;
    private readonly EncoderFrameLog _frameLog;
    private readonly OutputProfile _profile;
    private SwarmCoordinator? _coordinator;
    private MediaSink? _media;

    /// <summary>Prepares a run of <paramref name="manifest"/> (validated) with <paramref name="settings"/>.</summary>
    public SwarmEngine(SwarmManifest manifest, RunSettings settings, ComponentActivator activator, EventLog events)
    {
        _manifest = settings.Policy is { } policy ? manifest with { Weighting = manifest.Weighting with { Policy = policy } } : manifest;
        _settings = settings;
        _activator = activator;
        _events = events;
        _profile = _manifest.Profile;
        var gop = _profile.Gop;
        _policy = WeightingPolicies.Create(_manifest.Weighting, gop);
        _handoverAudit = new HandoverAudit(_policy.Name, gop, _manifest.Weighting.HorizonFrames ?? gop, _manifest.Weighting.QualityFloorDb);
        _frameLog = new EncoderFrameLog(gop);
    }

    /// <summary>The weighting policy in use (the manifest's, or the override).</summary>
    public string Policy => _policy.Name;

    /// <summary>The input actually read (override or manifest).</summary>
    public string Input => _settings.Input ?? _manifest.Source.Uri;

    /// <summary>The output actually written (override or manifest).</summary>
    public string Output => _settings.Output ?? _manifest.OutputUri;

    /// <summary>The input as it may be shown (a passphrase in it hidden).</summary>
    public string InputShown => MediaUris.Redact(Input);

    /// <summary>The output as it may be shown (a passphrase in it hidden).</summary>
    public string OutputShown => MediaUris.Redact(Output);

    /// <summary>The figures the coordinator published last (once per closed slot): read by <see cref="SwarmMetrics"/> from any thread.</summary>
    SwarmMetricsSnapshot? ISwarmMetricsSource.Latest => Volatile.Read(ref _coordinator)?.Latest;

    /// <summary>What an <c>srt://</c> output has done so far, or <c>null</c>.</summary>
    SrtFigures? ISwarmMetricsSource.Srt => Volatile.Read(ref _media)?.Srt;

    /// <summary>Called about once a second with a one-line progress text.</summary>
    public Action<string>? Progress { get; init; }

    private double FrameMs => _profile.FrameRate.PeriodNanoseconds() / 1e6;

    /// <summary>Runs to the end of the input, a stop request, or a failure of the whole swarm.</summary>
    /// <returns>The audit. <see cref="SwarmSummary.Error"/> is set when the run failed (every encoder failed, the combiner threw); the output written so far is closed and valid.</returns>
    /// <exception cref="MediaInputException">The input cannot be opened.</exception>
    /// <exception cref="MediaOutputException">The output cannot be created.</exception>
    /// <exception cref="SwarmConfigurationException">Something only knowable at start-up is wrong (e.g. the latency budget is below an encoder's delay).</exception>
    public async Task<SwarmSummary> RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        using var clock = CreateClock();
        await clock.StartAsync(stop).ConfigureAwait(false);
        var realtime = _settings.Realtime || _manifest.Source.Realtime;
        var onNodes = _manifest.Encoders.Any(e => e.Node is not null);
        using var relay = onNodes && NodeSourceCheck.Relayed(_manifest, Input) ? new PacketRelay() : null;
        var epochs = new EpochBook(_profile.FrameRate.PeriodNanoseconds());
        var hlsEpoch = HlsMuxing.EpochLock(Output, MediaSource.IsNetworkUri(Input), _manifest.Hls, _profile, clock.NowNs, (sequence, slip) => _events.Write(new HlsEpochSlipEvent(slip) { Sequence = sequence }));
        using var source = MediaSource.Open(new MediaSourceOptions(Input)
        {
            Width = _profile.Width,
            Height = _profile.Height,
            MaxFrames = _settings.Frames ?? _manifest.Source.Frames ?? 0,
            Realtime = realtime,
            AllowedFilters = _settings.AllowedFilters,
            StallTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _profile.FrameRate.PeriodNanoseconds() * 2 / 100)),
            MaxDuration = _manifest.Source.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Relay = relay,
            ReadAudio = _manifest.Audio.Carry && MediaSink.CarriesAudio(Output),
            ReadSubtitles = MediaSink.CarriesAudio(Output) && !HlsMuxing.IsHls(Output),
            StampAtSourceTime = (_, sourceNs) =>
            {
                var stamp = new FrameStamp(_numbering.StampSourceFrame(), clock.NowNs());
                epochs.Observe(stamp.Sequence, sourceNs, stamp.TimestampNs);
                hlsEpoch?.Observe(stamp.Sequence, sourceNs);
                return stamp;
            },
            StartsAt = hlsEpoch is null ? null : hlsEpoch.StartsAt,
        });
        epochs.FramePeriodNs = source.Info.FrameRate.PeriodNanoseconds();
        var carried = CarriedTracks.Of(source, _profile);
        if (carried.NotCarried is { } notCarried)
        {
            _events.Write(new AudioNotCarriedEvent(notCarried));
        }

        var liveTiming = realtime || source.Info.IsNetwork;
        var frameTicks = (long)(_profile.FrameRate.PeriodNanoseconds() / 1e9 * Stopwatch.Frequency);
        var health = _manifest.Health;
        var hangTicks = Ticks(health.HangTimeoutMs ?? Math.Max(250, 2 * FrameMs)); // half the smallest default latency budget: found before a live slot's deadline, not set off by a thread waiting a few scheduler periods on a busy machine
        double? Target(string id) => _roster.Contains(id) ? _roster[id].Session?.TargetBitrate : null; // as the current instance reported it at open
        var remoteHangTicks = health.RemoteHangTimeoutMs is { } remoteMs ? Ticks(remoteMs) : Math.Max(hangTicks, Ticks(HealthSettings.DefaultRemoteHangTimeoutMs));
        var monitor = new HealthMonitor(_roster, _slots, _events, _profile, new HangLimits(hangTicks, remoteHangTicks), health.FailAfterMisses ?? _profile.Gop, liveTiming, new RejoinSchedule(health.RejoinAfterFrames ?? (2 * _profile.Gop)), Target);
        if (LaneLimitCheck.Problems(_manifest) is { Count: > 0 } refused)
        {
            throw new SwarmConfigurationException($"{_manifest.File}: {string.Join("; ", refused)}");
        }

        if (_manifest.Encoders.FirstOrDefault(e => e.PlacedByCoordinator && e.Node is null) is { } unplaced)
        {
            throw new SwarmConfigurationException($"{_manifest.File}: encoder '{unplaced.InstanceId}' is to be placed on a node (\"placement\": \"auto\"), but this run joined no cluster to place it in; run the manifest with `swarmhost run`");
        }

        if (onNodes && NodeSourceCheck.Problems(_manifest, Input) is { Count: > 0 } sourceProblems)
        {
            throw new SwarmConfigurationException($"{_manifest.File}: {string.Join("; ", sourceProblems.Select(p => $"{p.Path}: {p.Message}; {p.Hint}"))}");
        }

        var remoteLanes = _manifest.Encoders.Any(e => e.Node is not null)
            ? new RemoteLanes(_settings.RemoteLinks ?? throw new SwarmConfigurationException($"{_manifest.File}: encoders placed on cluster nodes need `swarmhost run` with the deployment's credentials to reach them"),
                new RemoteSource(epochs, _numbering.IsRepeat, relay, _settings.RemoteLinks, _manifest.Cluster?.SrtLatencyMs ?? 120),
                Input, _settings.AllowedFilters, _profile, health.VerifyOutput, health.SsimEvery)
            : null;
        using var processLanes = _manifest.Encoders.Any(e => e.Isolation == LaneIsolation.Process && e.Node is null)
            ? new ProcessLanes(_settings.LaneCommand ?? throw new SwarmConfigurationException($"{_manifest.File}: encoders with \"isolation\": \"process\" need the swarmhost command to start their lanes; run the manifest with `swarmhost run`"), _activator, _profile, health.VerifyOutput, health.SsimEvery)
            : null;
        var launcher = new EncoderLauncher(_manifest, _activator, _roster, monitor, _messages.Writer, _events, liveTiming, processLanes, remoteLanes);
        using var analyzers = new AnalyzerStage(_manifest.Analyzers.Select(a => (a.InstanceId, a.Spec.Plugin, _activator.CreateAnalyzer(a.Spec, a.InstanceId))).ToList(),
            (id, sequence, e) => _events.Write(new AnalyzerErrorEvent(id, e.Message, "that frame lacks its metrics; later failures are only counted (summary)") { Sequence = sequence }));
        var intake = new FrameIntake(source, analyzers, _roster, _slots, _numbering, _events, frameTicks, holdSources: true); // for the quality meter and the failure bridge
        using var combiner = _activator.CreateCombiner(_manifest.Combiner.Spec, "combiner");
        try
        {
            analyzers.Open(_profile);
            var sessions = await launcher.OpenAllAsync(_messages.Reader, stop).ConfigureAwait(false);
            var maxDelay = sessions.Values.Max(s => s.DelayFrames);
            var budgetMs = SessionChecks.LatencyBudget(_manifest, sessions, FrameMs, relay is null ? 0 : _manifest.Cluster?.SrtLatencyMs ?? 0);
            var timing = new SlotTiming(liveTiming, frameTicks, Ticks(budgetMs), () => _roster.CompletedTicks);
            if (liveTiming)
            {
                // live: an encoder holding more frames than the budget covers cannot make the next one in time; it is refused at once rather than stall the reader
                launcher.LiveQueueLimit = (int)Math.Ceiling(budgetMs / FrameMs) + 1;
                foreach (var worker in _roster.Current)
                {
                    launcher.LimitQueue(worker);
                }
            }

            SessionChecks.Codecs(_manifest, sessions);
            combiner.Open(_profile, sessions);
            // a combiner that encodes its own output describes it; otherwise units pass through and any encoder's session describes the stream
            var outputSession = combiner is IEncodingCombiner encoding ? encoding.OutputSession : sessions.First().Value with { Width = _profile.Width, Height = _profile.Height };
            var audioSettings = new AudioOutputSettings(_manifest.Audio.Encoder, _manifest.Audio.Bitrate, _manifest.Audio.Copy && !source.Info.IsNetwork);
            hlsEpoch?.WaitForStart(TimeSpan.FromSeconds(10) + 2 * TimeSpan.FromTicks(HlsMuxing.SegmentFrames(_manifest.Hls, _profile) * _profile.FrameRate.PeriodNanoseconds() / 100), stop);
            var muxing = HlsMuxing.IsHls(Output) ? HlsMuxing.Options(Output, _manifest.Hls, _profile, clock.NowNs(), hlsEpoch) : _manifest.TransportStream?.MuxerOptions();
            var media = MediaSink.Open(_manifest.TransportStream?.Paced(Output) ?? Output, outputSession, _profile.FrameRate, audio: carried.Audio, audioSettings: audioSettings, muxerOptions: muxing, subtitles: carried.Subtitles);
            var sink = new MuxedUnitSink(media, OutputShown);
            Volatile.Write(ref _media, media);
            using var meter = _manifest.Health.VerifyOutput ? new OutputQualityMeter(outputSession, _profile, _manifest.Health.SsimEvery) : null;
            var handovers = new HandoverPlan(_roster, _profile.Gop, _manifest.ScheduledSwitches.ToDictionary(s => s.Seq, s => s.To));
            using var bridge = new FailureBridge(_activator, _manifest.Encoders, _roster, handovers, _profile, _events);
            var output = new OutputStage(sink, meter, _roster, _frameLog, _events) 
            {
                Tracks = carried.Any ? new TrackAligner(source, media, _profile.FrameRate.PeriodNanoseconds()) : null,
                Planned = handovers,
            };
            var audit = new SwarmAudit(_manifest.Encoders, _roster, intake, output, monitor, _profile, Target);
            var weighting = new WeightingStage(_policy, _handoverAudit, _frameLog, _roster, _slots, _events, FrameMs, budgetMs, liveTiming, handovers, _manifest.Weighting.LeaderMargin, _profile.Gop / 2);
            var stages = new SwarmStages(_messages.Reader, _roster, _numbering, intake, _slots, timing, new UnitFiler(_slots, timing, _roster, _events), monitor, launcher, weighting, output, audit, _events);
            var coordinator = new SwarmCoordinator(stages, _profile, clock, started)
            {
                Progress = Progress,
                Handovers = handovers,
                Bridge = bridge,
                NodeClocks = remoteLanes is null ? null : new NodeClockLog(() => _settings.RemoteLinks!.Clocks, () => _roster.Live.Select(w => w.Node).OfType<string>(), _events, TimeSpan.FromSeconds(_manifest.Cluster?.HoldoverLimitS ?? 60)),
            };
            Volatile.Write(ref _coordinator, coordinator);
            _events.Write(RunStart.Of(InputShown, source, sink.Description, _profile, Describe(clock.Status), sessions, budgetMs, Ms(hangTicks), _policy.Name));
            using (sink)
            {
                var feeder = new Thread(() => intake.Run(() => coordinator.Error is not null, stop)) { IsBackground = true, Name = "swarmhost-intake" };
                feeder.Start();
                await coordinator.RunAsync(combiner).ConfigureAwait(false);
                if (coordinator.Error is null)
                {
                    output.Write(combiner.Flush());
                    coordinator.Error = output.Failure;
                }

                coordinator.Error = intake.InputFailure;
                if (source.CutShort is { } cut)
                {
                    _events.Write(new InputCutShortEvent(cut, source.Counters.DamagedPackets));
                }

                coordinator.Error = SwarmSize.BelowMinimumAtEnd(_manifest.Encoders.Select(e => _roster[e.InstanceId]).ToList(), monitor.Rejoins, launcher.MinEncoders, id => _roster.Tally(id).LastFailure);
                coordinator.Publish();
            }

            if (sink.CloseFailure is { } closing)
            {
                coordinator.Error = "the output failed: " + closing;
            }

            var audio = output.Tracks is { } aligned && carried.Audio.Count > 0 ? AudioSummary.Of(aligned) : null;
            if (audio is not null && _manifest.Audio.MeasureSync)
            {
                audio = audio with { Sync = AvSync.Measure(Output, _events) };
                coordinator.Error = audio.Sync is { InSync: false } off ? AvSync.Failure(off) : null;
            }

            var (outputQuality, qualityCostMs) = output.FinishQuality();
            output.ReportQuality(null);
            var run = new RunIdentity(InputShown, OutputShown, $"{_manifest.Clock.Spec.Plugin}: {Describe(clock.Status)}", budgetMs, Ms(hangTicks), stop.IsCancellationRequested, coordinator.Error);
            var summary = audit.Summarise(run, Stopwatch.GetElapsedTime(started).TotalSeconds, maxDelay, analyzers.Summarise()) with
            {
                Policy = _policy.Name,
                Prediction = _handoverAudit.Summarise(),
                OutputQuality = outputQuality,
                OutputQualityCostMs = qualityCostMs,
                Oracle = _frameLog.Oracle(),
                Audio = audio,
                Srt = media.Srt,
                PlannedHandovers = output.PlannedHandovers,
                BridgedFailures = bridge.Bridges,
                BridgedFrames = output.BridgedFrames,
                CombinerLatencySteadyFrames = (int)output.MedianCombinerHold + maxDelay,
                Hls = HlsMuxing.IsHls(Output) ? HlsSummary.Of(muxing!, hlsEpoch, HlsMuxing.SegmentFrames(_manifest.Hls, _profile), source.SkippedBeforeStart) : null,
                AudioNotCarried = carried.NotCarried,
                Subtitles = output.Tracks is { } withSubtitles && carried.Subtitles.Count > 0 ? SubtitleSummary.Of(withSubtitles) : null,
                ClockTransitions = coordinator.ClockTransitions,
                NodeClocks = coordinator.NodeClocks?.Summaries ?? [],
                DamagedPackets = source.Counters.DamagedPackets,
                InputCutShort = source.CutShort,
                MinEncoders = launcher.MinEncoders,
                BelowSize = launcher.StartedBelowSize,
            };
            _events.Write("summary", null, (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(summary, SummaryJson.Options))!);
            return summary;
        }
        finally
        {
            _roster.AbandonAll();
            _slots.Clear();
        }
    }

    private static long Ticks(double ms) => (long)(ms / 1000 * Stopwatch.Frequency);

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);

    private static string Describe(ClockStatus status) => $"{status.Source} ({status.State})";

    /// <summary>The manifest's clock; options its factory refuses in combination are a configuration error, reported with the manifest's path.</summary>
    private IClock CreateClock()
    {
        try
        {
            return _activator.CreateClock(_manifest.Clock.Spec, "clock");
        }
        catch (ArgumentException ex)
        {
            throw new SwarmConfigurationException($"{_manifest.File}: {_manifest.Clock.JsonPath}.options: {FailureReasons.RefusedOptions(ex)}", ex);
        }
    }
}
