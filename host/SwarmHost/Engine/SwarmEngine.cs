using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Health;
using SwarmHost.Engine.Intake;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Output;
using SwarmHost.Engine.Slots;
using SwarmHost.Engine.Weights;
using SwarmHost.Feedback;
using SwarmHost.Manifest;
using SwarmHost.Media;
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
/// thread; the coordinator (the caller of <see cref="RunAsync"/>) files units into slots by
/// sequence number (<see cref="SlotBook"/>), closes slots in order once every expected encoder
/// delivered or missed it (<see cref="SlotTiming"/>), scores them (<see cref="HealthMonitor"/>),
/// sets the weights (<see cref="WeightingStage"/>), feeds the combiner and writes the output
/// (<see cref="OutputStage"/>).</para>
/// </remarks>
public sealed class SwarmEngine : ISwarmMetricsSource
{
    private readonly SwarmManifest _manifest;
    private readonly RunSettings _settings;
    private readonly ComponentActivator _activator;
    private readonly EventLog _events;
    private readonly Channel<WorkerMessage> _messages = Channel.CreateUnbounded<WorkerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EncoderRoster _roster = new();
    private readonly SlotBook _slots = new();
    private readonly SlotNumbering _numbering = new();
    private readonly IWeightingPolicy _policy;
    private readonly HandoverAudit _handoverAudit;
    private readonly EncoderFrameLog _frameLog;
    private readonly OutputProfile _profile;
    private HealthMonitor _health = null!;
    private FrameIntake _intake = null!;
    private SlotTiming _timing = null!;
    private UnitFiler _filer = null!;
    private ClockStateLog _clockStates = null!;
    private WeightingStage _weighting = null!;
    private OutputStage _output = null!;
    private SwarmAudit _figures = null!;
    private EncoderLauncher _launcher = null!;
    private bool _liveTiming;
    private string? _error;
    private long _publishedThrough = -1;
    private SwarmMetricsSnapshot? _metrics;

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

    /// <summary>The figures the coordinator published last (once per closed slot): read by <see cref="SwarmMetrics"/> from any thread.</summary>
    SwarmMetricsSnapshot? ISwarmMetricsSource.Latest => Volatile.Read(ref _metrics);

    /// <summary>Called about once a second with a one-line progress text.</summary>
    public Action<string>? Progress { get; init; }

    private double FrameMs => _profile.FrameRate.PeriodNanoseconds() / 1e6;

    private double Fps => (double)_profile.FrameRate.Numerator / _profile.FrameRate.Denominator;

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
        using var source = MediaSource.Open(new MediaSourceOptions(Input)
        {
            Width = _profile.Width,
            Height = _profile.Height,
            MaxFrames = _settings.Frames ?? _manifest.Source.Frames ?? 0,
            Realtime = realtime,
            AllowedFilters = _settings.AllowedFilters,
            StallTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _profile.FrameRate.PeriodNanoseconds() * 2 / 100)),
            MaxDuration = _manifest.Source.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Stamp = (_, _) => new FrameStamp(_numbering.StampSourceFrame(), clock.NowNs()),
        });
        _liveTiming = realtime || source.Info.IsNetwork;
        var frameTicks = (long)(_profile.FrameRate.PeriodNanoseconds() / 1e9 * Stopwatch.Frequency);
        var health = _manifest.Health;
        var hangTicks = Ticks(health.HangTimeoutMs ?? Math.Max(250, 2 * FrameMs)); // half the smallest default latency budget: found before a live slot's deadline, not set off by a thread waiting a few scheduler periods on a busy machine
        double? Target(string id) => _roster.Contains(id) ? _roster[id].Session?.TargetBitrate : null; // as the current instance reported it at open
        _health = new HealthMonitor(_roster, _slots, _events, _profile, hangTicks, health.FailAfterMisses ?? _profile.Gop, new RejoinSchedule(health.RejoinAfterFrames ?? (2 * _profile.Gop)), Target);
        _launcher = new EncoderLauncher(_manifest, _activator, _roster, _health, _messages.Writer, _events, _liveTiming);
        using var analyzers = new AnalyzerStage(_manifest.Analyzers.Select(a => (a.InstanceId, a.Spec.Plugin, _activator.CreateAnalyzer(a.Spec, a.InstanceId))).ToList(),
            (id, sequence, e) => _events.Write("analyzer-error", sequence, new JsonObject { ["analyzer"] = id, ["message"] = e.Message, ["note"] = "that frame lacks its metrics; later failures are only counted (summary)" }));
        _intake = new FrameIntake(source, analyzers, _roster, _slots, _numbering, _events, frameTicks, _manifest.Health.VerifyOutput);
        using var combiner = _activator.CreateCombiner(_manifest.Combiner.Spec, "combiner");
        try
        {
            analyzers.Open(_profile);
            var sessions = await _launcher.OpenAllAsync(_messages.Reader, stop).ConfigureAwait(false);
            var maxDelay = sessions.Values.Max(s => s.DelayFrames);
            var budgetMs = LatencyBudget(sessions, maxDelay);
            _timing = new SlotTiming(_liveTiming, frameTicks, Ticks(budgetMs));
            _filer = new UnitFiler(_slots, _timing, _roster, _events);
            _weighting = new WeightingStage(_policy, _handoverAudit, _frameLog, _roster, _slots, _events, FrameMs, budgetMs, _liveTiming);
            if (_liveTiming)
            {
                // live: an encoder holding more frames than the budget covers cannot make the next one in time; it is refused at once rather than stall the reader
                _launcher.LiveQueueLimit = (int)Math.Ceiling(budgetMs / FrameMs) + 1;
                foreach (var worker in _roster.Current)
                {
                    _launcher.LimitQueue(worker);
                }
            }

            CheckCodecs(sessions);
            combiner.Open(_profile, sessions);
            // a combiner that encodes its own output describes it; otherwise units pass through and any encoder's session describes the stream
            var outputSession = combiner is IEncodingCombiner encoding ? encoding.OutputSession : sessions.First().Value with { Width = _profile.Width, Height = _profile.Height };
            var sink = new MuxedUnitSink(MediaSink.Open(Output, outputSession, _profile.FrameRate), Output);
            using var meter = _manifest.Health.VerifyOutput ? new OutputQualityMeter(outputSession, _profile, _manifest.Health.SsimEvery) : null;
            _output = new OutputStage(sink, meter, _roster, _events);
            _figures = new SwarmAudit(_manifest.Encoders, _roster, _intake, _output, _health, _profile, Target);
            WriteRunStart(source, sink, clock, sessions, budgetMs, hangTicks);
            using (sink)
            {
                var feeder = new Thread(() => _intake.Run(() => _error is not null, stop)) { IsBackground = true, Name = "swarmhost-intake" };
                feeder.Start();
                await CoordinateAsync(combiner, clock, started).ConfigureAwait(false);
                if (_error is null)
                {
                    _output.Write(combiner.Flush());
                    _error ??= _output.Failure;
                }

                _error ??= _intake.InputFailure;
                if (source.CutShort is { } cut)
                {
                    _events.Write("input-cut-short", null, new JsonObject { ["reason"] = cut, ["damagedPackets"] = source.Counters.DamagedPackets });
                }

                _error ??= SwarmSize.BelowMinimumAtEnd(_manifest.Encoders.Select(e => _roster[e.InstanceId]).ToList(), _health.Rejoins, _launcher.MinEncoders, id => _roster.Tally(id).LastFailure);
                Publish(clock);
            }

            if (sink.CloseFailure is { } closing)
            {
                _error ??= "the output failed: " + closing;
            }

            var (outputQuality, qualityCostMs) = _output.FinishQuality();
            _output.ReportQuality(null);
            var run = new RunIdentity(Input, Output, $"{_manifest.Clock.Spec.Plugin}: {Describe(clock.Status)}", budgetMs, Ms(hangTicks), stop.IsCancellationRequested, _error);
            var summary = _figures.Summarise(run, Stopwatch.GetElapsedTime(started).TotalSeconds, maxDelay, analyzers.Summarise()) with
            {
                Policy = _policy.Name,
                Prediction = _handoverAudit.Summarise(),
                OutputQuality = outputQuality,
                OutputQualityCostMs = qualityCostMs,
                Oracle = _frameLog.Oracle(),
                ClockTransitions = _clockStates.Transitions,
                DamagedPackets = source.Counters.DamagedPackets,
                InputCutShort = source.CutShort,
                MinEncoders = _launcher.MinEncoders,
                BelowSize = _launcher.StartedBelowSize,
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

    /// <summary>The latency budget: the manifest's, or enough for the slowest encoder's delay (at least 500 ms); refused when below an encoder's delay.</summary>
    private double LatencyBudget(Dictionary<string, EncoderSession> sessions, int maxDelay)
    {
        var budgetMs = _manifest.Health.LatencyBudgetMs ?? Math.Max(500, maxDelay * FrameMs);
        if (budgetMs < maxDelay * FrameMs)
        {
            var slowest = sessions.MaxBy(s => s.Value.DelayFrames);
            throw new SwarmConfigurationException($"{_manifest.File}: $.health.latencyBudgetMs is {budgetMs} ms, below encoder '{slowest.Key}''s delay of {slowest.Value.DelayFrames} frames ({slowest.Value.DelayFrames * FrameMs:F0} ms); raise the budget or use a lower-delay preset.");
        }

        return budgetMs;
    }

    /// <summary>A combiner that switches between encoders' streams writes one stream of the profile's codec: every encoder must produce it.</summary>
    private void CheckCodecs(Dictionary<string, EncoderSession> sessions)
    {
        if (!_activator.Describe(_manifest.Combiner.Spec.Plugin).Capabilities.GopSwitching)
        {
            return;
        }

        var foreign = sessions.Where(p => FFmpegLibraries.CodecOf(p.Value.Codec) != _profile.Codec).ToList();
        if (foreign.Count > 0)
        {
            throw new SwarmConfigurationException($"{_manifest.File}: the '{_manifest.Combiner.Spec.Plugin}' combiner writes one {_profile.Codec} stream, but {string.Join(", ", foreign.Select(p => $"encoder '{p.Key}' produces {(FFmpegLibraries.CodecOf(p.Value.Codec) is { Length: > 0 } c ? c : p.Value.Codec)}"))}; give every encoder the profile's codec, or use a combiner that re-encodes.");
        }
    }

    private void WriteRunStart(MediaSource source, MuxedUnitSink sink, IClock clock, Dictionary<string, EncoderSession> sessions, double budgetMs, long hangTicks) =>
        _events.Write("run-start", null, new JsonObject
        {
            ["input"] = Input,
            ["source"] = $"{source.Info.Format} {source.Info.Codec} {source.Info.SourceSize}",
            ["output"] = sink.Description,
            ["profile"] = $"{_profile.Codec} {_profile.Width}x{_profile.Height} @ {_profile.FrameRate} gop {_profile.Gop}",
            ["clock"] = Describe(clock.Status),
            ["frameIntervalMs"] = Math.Round(FrameMs, 3),
            ["gop"] = _profile.Gop,
            ["latencyBudgetMs"] = budgetMs,
            ["hangTimeoutMs"] = Ms(hangTicks),
            ["policy"] = _policy.Name,
            ["encoders"] = new JsonObject(sessions.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["codec"] = s.Value.Codec, ["size"] = $"{s.Value.Width}x{s.Value.Height}", ["delayFrames"] = s.Value.DelayFrames, ["keyframes"] = s.Value.Keyframes.ToString() }))),
        });

    private async Task CoordinateAsync(IOutputCombiner combiner, IClock clock, long started)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        _clockStates = new ClockStateLog(clock, _events, started);
        Publish(clock);
        while (true)
        {
            foreach (var worker in _roster.Current)
            {
                worker.ObservedSequence = worker.CurrentSequence; // sampled before the messages it posted so far are read
            }

            while (_messages.Reader.TryRead(out var message))
            {
                Handle(message);
            }

            _health.Watchdog();
            CloseReadySlots(combiner);
            _error ??= _output.Failure ?? _intake.Failure;
            _launcher.Rejoin(_numbering.Next);
            if (_slots.NextToClose != _publishedThrough)
            {
                Publish(clock);
            }

            var done = _roster.IsComplete && _slots.Count == 0 && _roster.Current.All(w => w.State == EncoderState.Failed || _roster.Tally(w.Id).Finished.Contains(w.Generation));
            if (!done && _error is null && _roster.Current.All(w => w.State == EncoderState.Failed) && _health.Rejoins.Pending == 0)
            {
                _error = "every encoder failed: " + string.Join("; ", _roster.Tallies.Select(t => $"'{t.Key}': {t.Value.LastFailure}"));
            }

            if (done || _error is not null)
            {
                return;
            }

            _clockStates.Check(_numbering.Next);
            if (Progress is not null && Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(1))
            {
                lastProgress = Stopwatch.GetTimestamp();
                Progress(_figures.ProgressLine(Stopwatch.GetElapsedTime(started).TotalSeconds));
            }

            var wait = _messages.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(wait, Task.Delay(5)).ConfigureAwait(false);
        }
    }

    private void Handle(WorkerMessage message)
    {
        var worker = message.Worker;
        var current = _roster.IsCurrent(worker);
        switch (message.Kind)
        {
            case WorkerMessageKind.Opened:
                _launcher.LimitQueue(worker); // a rejoining instance: now that its delay is known
                break;
            case WorkerMessageKind.Failed:
                if (current && worker.State != EncoderState.Failed)
                {
                    _health.Fail(worker, message.Problem ?? "failed", Math.Max(worker.CurrentSequence, worker.StartSequence));
                }

                break;
            case WorkerMessageKind.Finished:
                _roster.Tally(worker.Id).Finished.Add(worker.Generation);
                break;
            case WorkerMessageKind.Unit when current && worker.State != EncoderState.Failed:
                _filer.File(worker, message);
                break;
        }
    }

    private void CloseReadySlots(IOutputCombiner combiner)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (_slots.TakeNext(slot => _timing.Ready(slot, now, w => _roster.Tally(w.Id).Finished.Contains(w.Generation))) is not { } slot)
            {
                return;
            }

            Close(slot, combiner);
            _slots.Closed();
        }
    }

    private void Close(Slot slot, IOutputCombiner combiner)
    {
        _health.Score(slot);
        var weights = _weighting.Decide(slot);
        if ((slot.Sequence + 1) % _profile.Gop == 0)
        {
            foreach (var worker in _roster.Live)
            {
                var payload = _roster.Tally(worker.Id).Feedback.CloseGop(FrameMs, Fps, worker.CpuMs, worker.Calls, worker.QualityMs);
                payload["encoder"] = worker.Id;
                _events.Write("encoder-stats", slot.Sequence, payload);
            }

            _output.ReportQuality(slot.Sequence);
        }

        if (slot.Source is { } source)
        {
            slot.Source = null;
            _output.Expect(source);
        }

        _output.Write(combiner.Combine(new CombinerSlot(slot.Sequence, slot.TimestampNs, slot.Units, weights, slot.Content)), slot.Sequence);
    }

    /// <summary>Publishes the swarm's figures for <see cref="SwarmMetrics"/> as one immutable snapshot.</summary>
    private void Publish(IClock clock)
    {
        Volatile.Write(ref _metrics, _figures.Snapshot(clock.Status));
        _publishedThrough = _slots.NextToClose;
    }
}
