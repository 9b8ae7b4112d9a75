using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Analysis;
using SwarmHost.Feedback;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Pipeline;
using SwarmHost.Plugins;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Engine;

/// <summary>
/// Runs a swarm: source → stamp → analyzers and encoders in parallel → combiner → sink, with
/// frame-level sync, deadlines, a health monitor with a hang watchdog, rejoins, and the seed
/// weighting policy. One engine runs one manifest once.
/// </summary>
/// <remarks>
/// <para>Threads: a feeder thread reads, stamps and analyses frames and offers each to every live
/// encoder's bounded queue (back-pressure: it waits while a queue is full); each encoder runs on its
/// own <see cref="EncoderWorker"/> thread; the coordinator (the caller of <see cref="RunAsync"/>)
/// matches units to slots by sequence number, closes slots in order when every expected encoder
/// delivered or missed its deadline, updates weights, feeds the combiner and writes the sink.</para>
/// <para>Deadline of encoder e for slot s: the frame's arrival + e's delay × frame interval + the
/// latency budget. A unit after its deadline is dropped and counted.</para>
/// </remarks>
public sealed class SwarmEngine : ISwarmMetricsSource
{
    /// <summary>Frames an encoder may be past a frame before a missing unit for it counts as missed (covers decoder reordering during verification).</summary>
    private const int ReorderSlack = 16;

    private readonly SwarmManifest _manifest;
    private readonly RunSettings _settings;
    private readonly ComponentActivator _activator;
    private readonly EventLog _events;
    private readonly Channel<WorkerMessage> _messages = Channel.CreateUnbounded<WorkerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sync = new();
    private readonly SortedDictionary<long, Slot> _slots = [];
    private readonly Dictionary<string, EncoderWorker> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);
    private readonly List<EncoderWorker> _allWorkers = [];
    private readonly SlotNumbering _numbering = new();
    private readonly HashSet<long> _written = [];
    private readonly List<double> _hangDetections = [];
    private readonly List<double> _hangLimits = [];
    private readonly List<ClockTransition> _clockTransitions = [];
    private readonly IWeightingPolicy _policy;
    private readonly HandoverAudit _audit;
    private readonly EncoderFrameLog _frameLog;
    private OutputQualityMeter? _outputMeter;
    private string? _policyLeader;
    private double _budgetMs;
    private int _liveQueueLimit;
    private long _combinerHold;
    private OutputProfile _profile = null!;
    private long _frameTicks;
    private long _budgetTicks;
    private long _hangTicks;
    private int _failAfterMisses;
    private RejoinSchedule _rejoins = new(0);
    private int _minEncoders;
    private bool _belowSize;
    private long _repeated;
    private bool _outputBroken;
    private string? _inputFailure;
    private long _nextToClose;
    private long _framesIn;
    private long _fed;
    private long _inserted;
    private long _duplicates;
    private long _droppedLate;
    private long _badUnits;
    private long _handovers;
    private string? _leader;
    private volatile bool _feederDone;
    private bool _liveTiming;
    private string? _error;
    private long _highestWritten = -1;
    private long _publishedThrough = -1;
    private SwarmMetricsSnapshot? _metrics;

    /// <summary>Prepares a run of <paramref name="manifest"/> (validated) with <paramref name="settings"/>.</summary>
    public SwarmEngine(SwarmManifest manifest, RunSettings settings, ComponentActivator activator, EventLog events)
    {
        _manifest = settings.Policy is { } policy ? manifest with { Weighting = manifest.Weighting with { Policy = policy } } : manifest;
        _settings = settings;
        _activator = activator;
        _events = events;
        var gop = _manifest.Profile.Gop;
        _policy = WeightingPolicies.Create(_manifest.Weighting, gop);
        _audit = new HandoverAudit(_policy.Name, gop, _manifest.Weighting.HorizonFrames ?? gop, _manifest.Weighting.QualityFloorDb);
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
            Width = _manifest.Profile.Width,
            Height = _manifest.Profile.Height,
            MaxFrames = _settings.Frames ?? _manifest.Source.Frames ?? 0,
            Realtime = realtime,
            AllowedFilters = _settings.AllowedFilters,
            StallTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _manifest.Profile.FrameRate.PeriodNanoseconds() * 2 / 100)),
            MaxDuration = _manifest.Source.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Stamp = (_, _) => new FrameStamp(_numbering.StampSourceFrame(), clock.NowNs()),
        });
        _profile = _manifest.Profile;
        _liveTiming = realtime || source.Info.IsNetwork;
        _frameTicks = (long)(_profile.FrameRate.PeriodNanoseconds() / 1e9 * Stopwatch.Frequency);
        var health = _manifest.Health;
        _hangTicks = Ticks(health.HangTimeoutMs ?? Math.Max(250, 2 * FrameMs)); // half the smallest default latency budget: found before a live slot's deadline, not set off by a thread waiting a few scheduler periods on a busy machine
        _failAfterMisses = health.FailAfterMisses ?? _profile.Gop;
        _rejoins = new RejoinSchedule(health.RejoinAfterFrames ?? (2 * _profile.Gop));
        _minEncoders = Math.Min(health.MinEncoders ?? _manifest.Encoders.Count, _manifest.Encoders.Count);
        using var analyzers = new AnalyzerStage(_manifest.Analyzers.Select(a => (a.InstanceId, a.Spec.Plugin, _activator.CreateAnalyzer(a.Spec, a.InstanceId))).ToList(),
            (id, sequence, e) => _events.Write("analyzer-error", sequence, new JsonObject { ["analyzer"] = id, ["message"] = e.Message, ["note"] = "that frame lacks its metrics; later failures are only counted (summary)" }));
        using var combiner = _activator.CreateCombiner(_manifest.Combiner.Spec, "combiner");
        try
        {
            analyzers.Open(_profile);

            var sessions = await OpenEncodersAsync(stop).ConfigureAwait(false);
            var maxDelay = sessions.Values.Max(s => s.DelayFrames);
            var budgetMs = health.LatencyBudgetMs ?? Math.Max(500, maxDelay * FrameMs);
            if (budgetMs < maxDelay * FrameMs)
            {
                var slowest = sessions.MaxBy(s => s.Value.DelayFrames);
                throw new SwarmConfigurationException($"{_manifest.File}: $.health.latencyBudgetMs is {budgetMs} ms, below encoder '{slowest.Key}''s delay of {slowest.Value.DelayFrames} frames ({slowest.Value.DelayFrames * FrameMs:F0} ms); raise the budget or use a lower-delay preset.");
            }

            _budgetTicks = Ticks(budgetMs);
            _budgetMs = budgetMs;
            if (_liveTiming)
            {
                // live: an encoder holding more frames than the budget covers cannot make the next one in time; it is refused at once rather than stall the reader
                _liveQueueLimit = (int)Math.Ceiling(budgetMs / FrameMs) + 1;
                foreach (var worker in _live.Values)
                {
                    LimitQueue(worker);
                }
            }

            if (_activator.Describe(_manifest.Combiner.Spec.Plugin).Capabilities.Features?.Contains("gop-switching") == true)
            {
                var foreign = sessions.Where(p => FFmpegLibraries.CodecOf(p.Value.Codec) != _profile.Codec).ToList();
                if (foreign.Count > 0)
                {
                    throw new SwarmConfigurationException($"{_manifest.File}: the '{_manifest.Combiner.Spec.Plugin}' combiner writes one {_profile.Codec} stream, but {string.Join(", ", foreign.Select(p => $"encoder '{p.Key}' produces {(FFmpegLibraries.CodecOf(p.Value.Codec) is { Length: > 0 } c ? c : p.Value.Codec)}"))}; give every encoder the profile's codec, or use a combiner that re-encodes.");
                }
            }
            combiner.Open(_profile, sessions);
            // a combiner that encodes its own output describes it; otherwise units pass through and any encoder's session describes the stream
            var outputSession = combiner is IEncodingCombiner encoding ? encoding.OutputSession : sessions.First().Value with { Width = _profile.Width, Height = _profile.Height };
            var sink = new MuxedUnitSink(MediaSink.Open(Output, outputSession, _profile.FrameRate), Output);
            _outputMeter = _manifest.Health.VerifyOutput ? new OutputQualityMeter(outputSession, _profile, _manifest.Health.SsimEvery) : null;
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
                ["hangTimeoutMs"] = Ms(_hangTicks),
                ["policy"] = _policy.Name,
                ["encoders"] = new JsonObject(sessions.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["codec"] = s.Value.Codec, ["size"] = $"{s.Value.Width}x{s.Value.Height}", ["delayFrames"] = s.Value.DelayFrames, ["keyframes"] = s.Value.Keyframes.ToString() }))),
            });

            using (sink)
            {
                var feeder = new Thread(() => Feed(source, analyzers, stop)) { IsBackground = true, Name = "swarmhost-feeder" };
                feeder.Start();
                await CoordinateAsync(combiner, sink, clock, started).ConfigureAwait(false);
                if (_error is null)
                {
                    Write(sink, combiner.Flush());
                }

                _error ??= _inputFailure;
                if (source.CutShort is { } cut)
                {
                    _events.Write("input-cut-short", null, new JsonObject { ["reason"] = cut, ["damagedPackets"] = source.Counters.DamagedPackets });
                }

                _error ??= SwarmSize.BelowMinimumAtEnd(_manifest.Encoders.Select(e => _live[e.InstanceId]).ToList(), _rejoins, _minEncoders, id => _tallies[id].LastFailure);

                Publish(clock);
            }

            if (sink.CloseFailure is { } closing)
            {
                _error ??= "the output failed: " + closing;
            }

            var outputQuality = _outputMeter?.Finish() ?? QualityFigures.None;
            WriteOutputQuality(null);
            var summary = Summarise(started, clock, stop.IsCancellationRequested, budgetMs, maxDelay, analyzers.Summarise()) with
            {
                Policy = _policy.Name,
                Prediction = _audit.Summarise(),
                OutputQuality = outputQuality,
                OutputQualityCostMs = _outputMeter?.CostMs ?? 0,
                Oracle = _frameLog.Oracle(),
                ClockTransitions = _clockTransitions,
                RepeatedFrames = _repeated,
                DamagedPackets = source.Counters.DamagedPackets,
                InputCutShort = source.CutShort,
                AbandonedThreads = _allWorkers.Count(w => w.Abandoned && w.CallStartedTicks != 0),
                MinEncoders = _minEncoders,
                BelowSize = _belowSize,
                HangLimitsMs = _hangLimits,
            };
            _events.Write("summary", null, (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(summary, SummaryJson.Options))!);
            return summary;
        }
        finally
        {
            foreach (var worker in _live.Values)
            {
                worker.Abandon();
            }

            _outputMeter?.Dispose();
            lock (_sync)
            {
                foreach (var slot in _slots.Values)
                {
                    slot.Source?.Release();
                }

                _slots.Clear();
            }
        }
    }

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

    private double FrameMs => _profile.FrameRate.PeriodNanoseconds() / 1e6;

    private static long Ticks(double ms) => (long)(ms / 1000 * Stopwatch.Frequency);

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);

    private static string Describe(ClockStatus status) => $"{status.Source} ({status.State})";

    private async Task<Dictionary<string, EncoderSession>> OpenEncodersAsync(CancellationToken stop)
    {
        foreach (var instance in _manifest.Encoders)
        {
            _tallies[instance.InstanceId] = new Tally();
            Start(instance, generation: 1, startSequence: 0);
        }

        var sessions = new Dictionary<string, EncoderSession>(StringComparer.Ordinal);
        var failures = new List<string>();
        while (sessions.Count + failures.Count < _manifest.Encoders.Count)
        {
            var message = await _messages.Reader.ReadAsync(stop).ConfigureAwait(false);
            if (message.Kind == WorkerMessageKind.Opened)
            {
                sessions[message.Worker.Id] = message.Worker.Session!;
            }
            else if (message.Kind == WorkerMessageKind.Failed)
            {
                var instance = _manifest.Encoders.First(e => e.InstanceId == message.Worker.Id);
                failures.Add($"{instance.JsonPath} (encoder '{instance.InstanceId}', plugin '{instance.Spec.Plugin}'): {message.Problem}");
                Fail(message.Worker, "could not open: " + message.Problem, 0);
            }
        }

        if (sessions.Count < _minEncoders)
        {
            failures.Sort(StringComparer.Ordinal); // in manifest order: each line starts with its $.encoders[i]
            throw new SwarmConfigurationException(SwarmSize.OpenFailure(_manifest.File, failures, sessions.Count, _manifest.Encoders.Count, _minEncoders));
        }

        if (failures.Count > 0)
        {
            _belowSize = true;
            _events.Write("swarm-below-size", 0, new JsonObject { ["live"] = sessions.Count, ["encoders"] = _manifest.Encoders.Count, ["minEncoders"] = _minEncoders, ["failures"] = new JsonArray([.. failures.Select(f => (JsonNode?)f)]) });
        }

        foreach (var id in sessions.Keys)
        {
            _weights[id] = 1.0 / sessions.Count;
        }

        return sessions;
    }

    private void Start(ComponentInstance instance, int generation, long startSequence)
    {
        var encoder = _activator.CreateEncoder(instance.Spec, instance.InstanceId);
        if (_live.TryGetValue(instance.InstanceId, out var previous))
        {
            _tallies[instance.InstanceId].Retire(previous); // its CPU, calls and quality time still count for the id
        }

        var worker = new EncoderWorker(instance.InstanceId, generation, encoder, _profile, startSequence, queueCapacity: _liveTiming ? 256 : 8, _manifest.Health.VerifyOutput, _manifest.Health.SsimEvery, _messages.Writer)
        {
            LiveQueueLimit = _liveQueueLimit,
        };
        lock (_sync)
        {
            _live[instance.InstanceId] = worker;
            _allWorkers.Add(worker);
        }

        var tally = _tallies[instance.InstanceId];
        tally.Instances++;
        tally.ConsecutiveHits = 0;
        tally.ConsecutiveMisses = 0;
        tally.Recent.Clear();
        tally.RecentBytes.Clear();
        tally.RecentPsnr.Clear();
        tally.BitrateOff = false;
        tally.Feedback.Reset();
        worker.Start();
        _events.Write("encoder-state", startSequence, new JsonObject { ["encoder"] = worker.Id, ["instance"] = generation, ["state"] = EncoderState.Joining.ToString(), ["reason"] = generation == 1 ? "started" : "rejoining after the cool-down" });
    }

    private void Feed(MediaSource source, AnalyzerStage analyzers, CancellationToken stop)
    {
        VideoFrame? previous = null;
        var lastFed = Stopwatch.GetTimestamp();
        var stalled = false;
        try
        {
            while (!stop.IsCancellationRequested && _error is null)
            {
                SourceRead read;
                try
                {
                    read = source.ReadAsync(stop).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (read.Kind == SourceReadKind.Ended)
                {
                    break;
                }

                if (read.Kind == SourceReadKind.Stalled)
                {
                    if (!stalled)
                    {
                        stalled = true;
                        _events.Write("input-stalled", _numbering.Next, new JsonObject { ["afterMs"] = Math.Round(read.StalledFor.TotalMilliseconds) });
                    }

                    // keep the output's cadence: repeat the last picture for every frame interval that passed
                    while (previous is not null && Stopwatch.GetElapsedTime(lastFed) >= TimeSpan.FromTicks(_frameTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency))
                    {
                        if (Repeat(previous) is not { } repeat)
                        {
                            break; // a real frame is on its way (already numbered): no repeat may take a number after it
                        }

                        if (!FeedOne(repeat, previous, analyzers, stop))
                        {
                            repeat.Release();
                            break;
                        }

                        Interlocked.Increment(ref _inserted);
                        previous.Release();
                        previous = repeat;
                        lastFed += _frameTicks;
                    }

                    continue;
                }

                if (stalled)
                {
                    stalled = false;
                    _events.Write("input-resumed", read.Frame!.Sequence, null);
                }

                var frame = read.Frame!;
                _numbering.SourceFrameRead();
                if (!FeedOne(frame, previous, analyzers, stop))
                {
                    frame.Release();
                    break; // stopped while offering it: it never entered the swarm
                }

                Interlocked.Increment(ref _framesIn);
                previous?.Release();
                previous = frame;
                lastFed = Stopwatch.GetTimestamp();
            }
        }
        catch (MediaInputException ex)
        {
            _events.Write("input-failed", null, new JsonObject { ["reason"] = ex.Message });
            _inputFailure = "the input failed: " + ex.Message; // the frames already in the swarm are still finished and written
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // an analyzer or the clock threw: end the run cleanly rather than take the process down
            _events.Write("run-failed", null, new JsonObject { ["reason"] = ex.Message });
            _error ??= $"reading and analysing frames failed: {ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            previous?.Release();
            lock (_sync)
            {
                foreach (var worker in _live.Values)
                {
                    worker.Complete();
                }

                _feederDone = true;
            }
        }
    }

    /// <summary>A copy of <paramref name="last"/> with the next sequence number, or <c>null</c> when the reader has numbered a frame the feeder has not read yet.</summary>
    private VideoFrame? Repeat(VideoFrame last)
    {
        if (_numbering.TryNumberRepeat() is not { } sequence)
        {
            return null;
        }

        var buffer = MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(last.Width, last.Height));
        last.Planes.Span.CopyTo(buffer.Memory.Span);
        return new VideoFrame(buffer, last.Width, last.Height, sequence, last.TimestampNs + last.DurationNs, last.DurationNs);
    }

    /// <summary>Analyses a frame, opens its slot and offers it to every live encoder.</summary>
    /// <returns>Whether it entered the swarm: false when a stop came before any encoder took it (its slot is then withdrawn).</returns>
    private bool FeedOne(VideoFrame frame, VideoFrame? previous, AnalyzerStage analyzers, CancellationToken stop)
    {
        var content = analyzers.Analyze(frame, previous);
        if (_fed == 0 && double.IsNaN(content.Get(ContentMetrics.Complexity)))
        {
            _events.Write("content-warning", frame.Sequence, new JsonObject { ["message"] = $"no analyzer reports '{ContentMetrics.Complexity}'; weighting sees complexity 0. Add the 'complexity' analyzer to the manifest's analyzers." });
        }

        List<EncoderWorker> expected;
        lock (_sync)
        {
            expected = _live.Values.Where(w => w.State != EncoderState.Failed && !w.Abandoned && w.StartSequence <= frame.Sequence).ToList();
            _slots[frame.Sequence] = new Slot(frame.Sequence, frame.TimestampNs, Stopwatch.GetTimestamp(), [.. expected], content) { Source = _manifest.Health.VerifyOutput ? frame.Retain() : null };
            _fed++;
        }

        var taken = 0;
        foreach (var worker in expected)
        {
            if (worker.Offer(frame, stop))
            {
                taken++;
                continue;
            }

            lock (_sync)
            {
                if (_slots.TryGetValue(frame.Sequence, out var slot))
                {
                    if (worker.LiveQueueLimit > 0 && !worker.Abandoned && !stop.IsCancellationRequested)
                    {
                        slot.Problems[worker.Id] = $"too far behind: {worker.QueueDepth} frames waiting, more than the latency budget allows"; // live: refused at once, a miss
                    }
                    else
                    {
                        slot.Expected.Remove(worker); // it failed meanwhile (or a stop came); the slot may even be closed already
                    }
                }
            }
        }

        if (taken == 0 && stop.IsCancellationRequested)
        {
            lock (_sync)
            {
                if (_slots.Remove(frame.Sequence, out var withdrawn))
                {
                    withdrawn.Source?.Release();
                }

                _fed--;
            }

            return false;
        }

        return true;
    }

    private async Task CoordinateAsync(IOutputCombiner combiner, IUnitSink sink, IClock clock, long started)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        var clockState = clock.Status.State;
        Publish(clock);
        while (true)
        {
            foreach (var worker in _live.Values)
            {
                worker.ObservedSequence = worker.CurrentSequence; // sampled before the messages it posted so far are read
            }

            while (_messages.Reader.TryRead(out var message))
            {
                Handle(message);
            }

            Watchdog();
            CloseReadySlots(combiner, sink);
            Rejoin();
            if (_nextToClose != _publishedThrough)
            {
                Publish(clock);
            }

            bool done;
            lock (_sync)
            {
                done = _feederDone && _slots.Count == 0 && _live.Values.All(w => w.State == EncoderState.Failed || _tallies[w.Id].Finished.Contains(w.Generation));
                if (!done && _error is null && _live.Values.All(w => w.State == EncoderState.Failed) && _rejoins.Pending == 0)
                {
                    _error = "every encoder failed: " + string.Join("; ", _tallies.Select(t => $"'{t.Key}': {t.Value.LastFailure}"));
                }
            }

            if (done || _error is not null)
            {
                return;
            }

            clockState = WatchClock(clock, clockState, started);
            if (Progress is not null && Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(1))
            {
                lastProgress = Stopwatch.GetTimestamp();
                Progress(ProgressLine(started));
            }

            var wait = _messages.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(wait, Task.Delay(5)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Notices a change of the clock's state (a source lost: Holdover; found again: Synchronised) —
    /// an event and a line in the summary. Frames keep being stamped either way: on holdover the
    /// clock runs on its last frequency estimate, and the swarm goes on.
    /// </summary>
    private ClockState WatchClock(IClock clock, ClockState last, long started)
    {
        var status = clock.Status;
        if (status.State == last)
        {
            return last;
        }

        var next = _numbering.Next;
        var elapsed = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        _clockTransitions.Add(new ClockTransition(next, elapsed, last.ToString(), status.State.ToString(), status.Source));
        _events.Write("clock-state", next, new JsonObject
        {
            ["from"] = last.ToString(),
            ["state"] = status.State.ToString(),
            ["source"] = status.Source,
            ["offsetNs"] = status.OffsetNs,
            ["delayNs"] = status.DelayNs,
            ["detail"] = status.Detail,
            ["note"] = status.State == ClockState.Holdover ? "the clock's source went silent; frames are stamped on its last frequency estimate and the swarm goes on" : null,
        });
        return status.State;
    }

    /// <summary>Writes an <c>output-quality</c> event for the output pictures scored since the last one, if any.</summary>
    private void WriteOutputQuality(long? sequence)
    {
        if (_outputMeter?.TakeWindow() is not { } window)
        {
            return;
        }

        _events.Write("output-quality", sequence, new JsonObject
        {
            ["first"] = window.First,
            ["last"] = window.Last,
            ["frames"] = window.Frames,
            ["psnr"] = FiniteDoubleConverter.Node(Math.Round(window.MeanPsnr, 2)),
            ["ssim"] = window.MeanSsim is { } ssim ? Math.Round(ssim, 5) : null,
        });
    }

    /// <summary>
    /// Publishes the swarm's figures for <see cref="SwarmMetrics"/> as one immutable snapshot.
    /// Coordinator thread only: it owns the tallies, weights, states and output counts read here.
    /// </summary>
    private void Publish(IClock clock)
    {
        var normalised = _weights.Count == 0 ? [] : SeedPolicy.Normalise(_weights);
        var encoders = _manifest.Encoders.Where(e => _live.ContainsKey(e.InstanceId)).Select(e =>
        {
            var worker = _live[e.InstanceId];
            var recent = _tallies[e.InstanceId].RecentPsnr;
            return new EncoderMetricsSnapshot(e.InstanceId, worker.State == EncoderState.Failed ? 0 : normalised.GetValueOrDefault(e.InstanceId), worker.RecentMeanMs, recent.Count == 0 ? double.NaN : recent.Average(), worker.State);
        }).ToList();
        var status = clock.Status;
        var lost = Math.Max(0, _highestWritten + 1 - _written.Count);
        Volatile.Write(ref _metrics, new SwarmMetricsSnapshot(Interlocked.Read(ref _framesIn), _written.Count, lost, Interlocked.Read(ref _inserted), _handovers, encoders, status.Source, status.OffsetNs, status.IsSynchronised, _leader));
        _publishedThrough = _nextToClose;
    }

    private string ProgressLine(long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var states = string.Join(" ", _live.Values.Select(w => $"{w.Id}:{w.State.ToString().ToLowerInvariant()}:{(_weights.TryGetValue(w.Id, out var x) ? x : 0):F2}"));
        return string.Create(CultureInfo.InvariantCulture, $"{_framesIn} frames in, {_written.Count} out, {_framesIn / Math.Max(0.001, elapsed):F1} fps, leader {_leader ?? "-"}, handovers {_handovers} | {states}");
    }

    private void Handle(WorkerMessage message)
    {
        var worker = message.Worker;
        var current = _live.TryGetValue(worker.Id, out var live) && ReferenceEquals(live, worker);
        switch (message.Kind)
        {
            case WorkerMessageKind.Opened:
                LimitQueue(worker); // a rejoining instance: now that its delay is known
                break;
            case WorkerMessageKind.Failed:
                if (current && worker.State != EncoderState.Failed)
                {
                    Fail(worker, message.Problem ?? "failed", Math.Max(worker.CurrentSequence, worker.StartSequence));
                }

                break;
            case WorkerMessageKind.Finished:
                _tallies[worker.Id].Finished.Add(worker.Generation);
                break;
            case WorkerMessageKind.Unit when current && worker.State != EncoderState.Failed:
                var unit = message.Unit!;
                var tally = _tallies[worker.Id];
                tally.Bytes += unit.Data.Length;
                lock (_sync)
                {
                    if (!_slots.TryGetValue(unit.Sequence, out var slot))
                    {
                        if (message.Problem is null)
                        {
                            _droppedLate++; // its slot is already closed
                            tally.Late++;
                        }

                        return;
                    }

                    if (message.Problem is not null)
                    {
                        _badUnits++;
                        tally.Bad++;
                        slot.Problems[worker.Id] = message.Problem;
                        if (tally.Bad <= 3)
                        {
                            _events.Write("bad-unit", unit.Sequence, new JsonObject { ["encoder"] = worker.Id, ["reason"] = message.Problem });
                        }
                    }
                    else if (_liveTiming && message.ArrivalTicks > Deadline(worker, slot))
                    {
                        _droppedLate++;
                        tally.Late++;
                        slot.Problems[worker.Id] = "late";
                    }
                    else
                    {
                        slot.Units[worker.Id] = unit;
                        slot.Quality[worker.Id] = (message.Psnr, message.Ssim);
                    }
                }

                break;
        }
    }

    /// <summary>Live: the most frames <paramref name="worker"/> may hold — what the latency budget covers, plus its own delay.</summary>
    private void LimitQueue(EncoderWorker worker)
    {
        if (_liveQueueLimit > 0)
        {
            worker.LiveQueueLimit = _liveQueueLimit + (worker.Session?.DelayFrames ?? 0);
        }
    }

    private long Deadline(EncoderWorker worker, Slot slot) => slot.ArrivalTicks + ((worker.Session?.DelayFrames ?? 0) * _frameTicks) + _budgetTicks;

    /// <summary>Fails an encoder whose call has not returned within its limit, by <see cref="HangRule"/>.</summary>
    private void Watchdog()
    {
        var now = Stopwatch.GetTimestamp();
        var live = _live.Values.Where(w => w.State != EncoderState.Failed).ToList();
        foreach (var worker in live)
        {
            var call = worker.CallStartedTicks;
            var limit = HangRule.Limit(_hangTicks, worker.RecentLongestMs);
            var others = live.Where(o => !ReferenceEquals(o, worker)).Select(o => o.LastProgressTicks).DefaultIfEmpty(0).Max();
            if (HangRule.IsHang(now, call, limit, others, worker.Calls > 0))
            {
                var ms = Ms(now - call);
                _hangDetections.Add(ms);
                _hangLimits.Add(Ms(limit));
                Fail(worker, $"hang: a call has not returned for {ms:F0} ms (limit {Ms(limit):F0} ms)", Math.Max(worker.CurrentSequence, worker.StartSequence));
            }
        }
    }

    private void CloseReadySlots(IOutputCombiner combiner, IUnitSink sink)
    {
        while (true)
        {
            Slot? slot;
            lock (_sync)
            {
                if (!_slots.TryGetValue(_nextToClose, out slot) || !Ready(slot))
                {
                    return;
                }

                _slots.Remove(_nextToClose);
            }

            Close(slot, combiner, sink);
            _nextToClose++;
        }
    }

    /// <summary>
    /// Whether every encoder expected in <paramref name="slot"/> delivered, failed, finished, or
    /// missed it. Live (real-time or network input): missed = past its deadline. As fast as
    /// possible (a file): there is no wall-clock deadline — the swarm waits for its encoders — and
    /// missed = the encoder has already taken frames well past this one (its delay plus
    /// <see cref="ReorderSlack"/>) without a unit for it. Hangs are the watchdog's business either way.
    /// </summary>
    private bool Ready(Slot slot)
    {
        var now = Stopwatch.GetTimestamp();
        return slot.Expected.All(w => w.State == EncoderState.Failed || slot.Units.ContainsKey(w.Id) || slot.Problems.ContainsKey(w.Id)
            || _tallies[w.Id].Finished.Contains(w.Generation)
            || (w.Session is { } session && (_liveTiming ? now > Deadline(w, slot) : w.ObservedSequence > slot.Sequence + session.DelayFrames + ReorderSlack)));
    }

    private void Close(Slot slot, IOutputCombiner combiner, IUnitSink sink)
    {
        foreach (var worker in slot.Expected.Where(w => w.State != EncoderState.Failed))
        {
            var tally = _tallies[worker.Id];
            if (slot.Units.TryGetValue(worker.Id, out var used))
            {
                tally.RecentBytes.Enqueue(used.Data.Length);
                while (tally.RecentBytes.Count > 2 * _profile.Gop)
                {
                    tally.RecentBytes.Dequeue();
                }

                tally.Used++;
                tally.ConsecutiveMisses = 0;
                tally.ConsecutiveHits++;
                tally.Recent.Enqueue(true);
            }
            else
            {
                tally.Missed++;
                tally.ConsecutiveMisses++;
                tally.ConsecutiveHits = 0;
                tally.Recent.Enqueue(false);
            }

            while (tally.Recent.Count > 30)
            {
                tally.Recent.Dequeue();
            }

            Assess(worker, tally, slot);
        }

        var live = _live.Values.Where(w => w.State != EncoderState.Failed).ToList();
        var observations = live.Select(worker => Observe(worker, slot)).ToList();
        var movedFrom = _audit.Record(slot.Sequence, _policyLeader, observations);
        if (movedFrom is not null)
        {
            _events.Write("lead-change", slot.Sequence, new JsonObject { ["from"] = movedFrom, ["to"] = _policyLeader, ["policy"] = _policy.Name });
        }

        List<ContentReport> upcoming;
        lock (_sync)
        {
            upcoming = [.. _slots.Values.Select(s => s.Content)];
        }

        var step = live.Count == 0 ? new WeightingStep(new Dictionary<string, double>(), new Dictionary<string, EncoderForecast>())
            : _policy.Decide(new WeightingInput(slot.Sequence, FrameMs, _budgetMs, slot.Content, upcoming, observations, _liveTiming));
        _weights.Clear();
        foreach (var worker in live)
        {
            _weights[worker.Id] = step.Weights.GetValueOrDefault(worker.Id);
        }

        var normalised = live.Count == 0 ? [] : SeedPolicy.Normalise(_weights);
        var leader = live.Select(w => w.Id).Where(normalised.ContainsKey).DefaultIfEmpty().MaxBy(id => id is null ? 0 : normalised[id]);
        if (leader != _policyLeader && leader is not null && _policyLeader is not null && step.Forecasts.TryGetValue(_policyLeader, out var why))
        {
            _events.Write("handover-start", slot.Sequence, new JsonObject
            {
                ["from"] = _policyLeader,
                ["to"] = leader,
                ["missInFrames"] = why.MissInFrames,
                ["forecastMs"] = FiniteDoubleConverter.Node(Math.Round(why.EncodeMs, 2)),
                ["forecastPsnr"] = FiniteDoubleConverter.Node(Math.Round(why.Psnr, 2)),
                ["belowFloor"] = why.BelowFloor,
            });
        }

        _policyLeader = leader;
        var weightsEvent = new JsonObject
        {
            ["complexity"] = Math.Round(slot.Content.Get(ContentMetrics.Complexity, 0), 4),
            ["content"] = new JsonObject(slot.Content.Metrics.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Math.Round(p.Value, 4)))),
            ["weights"] = new JsonObject(normalised.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Math.Round(p.Value, 4)))),
            ["leader"] = leader,
        };
        if (step.Forecasts.Count > 0)
        {
            weightsEvent["forecasts"] = new JsonObject(step.Forecasts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject
            {
                ["encodeMs"] = FiniteDoubleConverter.Node(Math.Round(p.Value.EncodeMs, 2)),
                ["psnr"] = FiniteDoubleConverter.Node(Math.Round(p.Value.Psnr, 2)),
                ["missInFrames"] = p.Value.MissInFrames,
                ["target"] = Math.Round(p.Value.Target, 4),
            })));
        }

        _events.Write("weights", slot.Sequence, weightsEvent);
        if ((slot.Sequence + 1) % _profile.Gop == 0)
        {
            foreach (var worker in live)
            {
                var payload = _tallies[worker.Id].Feedback.CloseGop(FrameMs, Fps, worker.CpuMs, worker.Calls, worker.QualityMs);
                payload["encoder"] = worker.Id;
                _events.Write("encoder-stats", slot.Sequence, payload);
            }

            WriteOutputQuality(slot.Sequence);
        }

        if (slot.Source is { } source)
        {
            slot.Source = null;
            if (_outputMeter is not null)
            {
                _outputMeter.Expect(source);
            }
            else
            {
                source.Release();
            }
        }

        Write(sink, combiner.Combine(new CombinerSlot(slot.Sequence, slot.TimestampNs, slot.Units, normalised, slot.Content)), slot.Sequence);
    }

    /// <summary>What the swarm measured of <paramref name="worker"/> at <paramref name="slot"/>'s closing, recorded for the feedback figures and handed to the policy.</summary>
    private EncoderObservation Observe(EncoderWorker worker, Slot slot)
    {
        var tally = _tallies[worker.Id];
        var expected = slot.Expected.Contains(worker);
        var delivered = slot.Units.TryGetValue(worker.Id, out var unit);
        var (psnr, ssim) = slot.Quality.TryGetValue(worker.Id, out var quality) ? quality : (double.NaN, double.NaN);
        var encodeMs = worker.TakeCallMs(slot.Sequence);
        var depth = worker.QueueDepth;
        if (expected)
        {
            tally.Feedback.Add(delivered, encodeMs, unit?.Data.Length ?? 0, psnr, ssim, depth);
            _frameLog.Record(slot.Sequence, worker.Id, delivered, psnr, ssim);
        }

        if (double.IsFinite(psnr))
        {
            tally.RecentPsnr.Enqueue(psnr);
            while (tally.RecentPsnr.Count > 30)
            {
                tally.RecentPsnr.Dequeue();
            }
        }

        var share = tally.Recent.Count == 0 ? 1 : tally.Recent.Count(hit => hit) / (double)tally.Recent.Count;
        var recentPsnr = tally.RecentPsnr.Count == 0 ? double.NaN : tally.RecentPsnr.Average();
        return new EncoderObservation(worker.Id, worker.State, worker.Session?.DelayFrames ?? 0, delivered, expected && !delivered, encodeMs, psnr, depth, worker.RecentMeanMs, share, recentPsnr);
    }

    private double Fps => (double)_profile.FrameRate.Numerator / _profile.FrameRate.Denominator;

    private void Assess(EncoderWorker worker, Tally tally, Slot slot)
    {
        var window = worker.RecentEncodeMs.Count;
        var meanMs = window >= 30 ? worker.RecentMeanMs : 0;
        var tooSlow = meanMs > FrameMs;
        var others = _live.Values.Where(w => !ReferenceEquals(w, worker) && w.State != EncoderState.Failed && w.RecentEncodeMs.Count >= 30).Select(w => w.RecentMeanMs);
        if (SlownessRule.FailsForSpeed(meanMs, FrameMs, others))
        {
            Fail(worker, string.Create(CultureInfo.InvariantCulture, $"too slow: {meanMs:F1} ms per frame over its last {window} frames, more than two {FrameMs:F1} ms frame intervals"), slot.Sequence);
        }
        else if (tooSlow && worker.State == EncoderState.Active)
        {
            Transition(worker, EncoderState.Degraded, slot.Sequence, string.Create(CultureInfo.InvariantCulture, $"too slow for real time: {meanMs:F1} ms per frame against a {FrameMs:F1} ms frame interval"));
        }
        else if (tally.ConsecutiveMisses >= _failAfterMisses)
        {
            var why = slot.Problems.TryGetValue(worker.Id, out var problem) ? problem : "no unit";
            Fail(worker, $"no usable unit for {tally.ConsecutiveMisses} consecutive slots (last: {why})", slot.Sequence);
        }
        else if (tally.ConsecutiveMisses > 0 && worker.State is EncoderState.Active)
        {
            Transition(worker, EncoderState.Degraded, slot.Sequence, slot.Problems.TryGetValue(worker.Id, out var problem) ? problem : "missed its deadline");
        }
        else if (worker.State == EncoderState.Joining && tally.ConsecutiveHits >= _profile.Gop)
        {
            Transition(worker, EncoderState.Active, slot.Sequence, "first GOP complete and verified");
        }
        else if ((slot.Sequence + 1) % _profile.Gop == 0 && BitrateProblem(worker.Id, tally) is { } bitrate)
        {
            tally.BitrateOff = true;
            if (worker.State == EncoderState.Active)
            {
                Transition(worker, EncoderState.Degraded, slot.Sequence, bitrate);
            }
        }
        else if (worker.State == EncoderState.Degraded && tally.ConsecutiveHits >= _profile.Gop && !tally.BitrateOff && !tooSlow)
        {
            Transition(worker, EncoderState.Active, slot.Sequence, "a whole GOP on time and good");
        }
    }

    /// <summary>
    /// "Bitrate far off target": over the last two GOPs an encoder with a target bitrate (its own
    /// <c>bitrate</c> option, or a wrapped encoder's, in bitrate mode) produced more than 4× of it.
    /// (Less is not a fault: calm content legitimately needs far less than the target.) The health monitor may read configuration; weighting policies never do.
    /// </summary>
    private string? BitrateProblem(string id, Tally tally)
    {
        if (tally.RecentBytes.Count < 2 * _profile.Gop || TargetBitrate(_manifest.Encoders.First(e => e.InstanceId == id).Spec) is not { } target)
        {
            tally.BitrateOff = false;
            return null;
        }

        var measured = tally.RecentBytes.Sum() * 8.0 * Fps / tally.RecentBytes.Count;
        if (measured <= 4 * target)
        {
            tally.BitrateOff = false;
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"bitrate far off target: {measured / 1000:F0} kbit/s against {target / 1000:F0} kbit/s over the last two GOPs");
    }

    private static double? TargetBitrate(ComponentSpec spec)
    {
        if (spec.Options.TryGetValue("crf", out var crf) && crf is not null)
        {
            return null;
        }

        if (spec.Options.TryGetValue("bitrate", out var bitrate) && bitrate is long bits)
        {
            return bits;
        }

        return spec.Options.Select(o => o.Value).OfType<ComponentSpec>().Select(TargetBitrate).FirstOrDefault(t => t is not null);
    }

    private void Transition(EncoderWorker worker, EncoderState state, long sequence, string reason)
    {
        var from = worker.State;
        worker.State = state;
        _events.Write("encoder-state", sequence, new JsonObject { ["encoder"] = worker.Id, ["instance"] = worker.Generation, ["from"] = from.ToString(), ["state"] = state.ToString(), ["reason"] = reason });
    }

    private void Fail(EncoderWorker worker, string reason, long sequence)
    {
        Transition(worker, EncoderState.Failed, sequence, reason);
        worker.Abandon();
        var tally = _tallies[worker.Id];
        tally.Failures++;
        tally.LastFailure = reason;
        _weights.Remove(worker.Id);
        if (worker.CallStartedTicks != 0)
        {
            _events.Write("thread-abandoned", sequence, new JsonObject { ["encoder"] = worker.Id, ["instance"] = worker.Generation, ["note"] = "its thread stays blocked in the call until the process ends; counted in the summary (abandonedThreads)" });
        }

        if (_rejoins.Enabled && !_feederDone)
        {
            var couldNotOpen = worker.Session is null;
            var wait = _rejoins.Schedule(worker.Id, Math.Max(sequence, _nextToClose), couldNotOpen);
            if (couldNotOpen && worker.Generation > 1)
            {
                _events.Write("rejoin-failed", sequence, new JsonObject { ["encoder"] = worker.Id, ["instance"] = worker.Generation, ["attempts"] = _rejoins.FailedOpens(worker.Id), ["reason"] = reason, ["retryInFrames"] = wait });
            }
        }
    }

    private void Rejoin()
    {
        if (_feederDone)
        {
            _rejoins.Clear();
            return;
        }

        foreach (var id in _rejoins.TakeDue(_nextToClose))
        {
            var gop = _profile.Gop;
            var start = (_numbering.Next + gop - 1) / gop * gop;
            var instance = _manifest.Encoders.First(e => e.InstanceId == id);
            Start(instance, _live[id].Generation + 1, start);
            var live = _live.Values.Count(w => w.State != EncoderState.Failed);
            _weights[id] = 1.0 / live;
        }
    }

    /// <summary>Writes a combiner's output to the sink (and the output quality meter) and keeps the audit: written slots, duplicates, inserted frames, leader and handovers.</summary>
    /// <param name="sink">The output.</param>
    /// <param name="output">What the combiner emitted.</param>
    /// <param name="closing">The slot whose closing produced <paramref name="output"/> (how long the combiner held each unit is measured from it); <c>null</c> at the final flush.</param>
    private void Write(IUnitSink sink, CombinerOutput output, long? closing = null)
    {
        foreach (var unit in output.Units)
        {
            if (closing is { } now)
            {
                _combinerHold = Math.Max(_combinerHold, now - unit.Sequence);
            }

            if (!_written.Add(unit.Sequence))
            {
                _duplicates++; // one picture per slot: a second unit for a written slot is not written
                continue;
            }

            var failure = _outputBroken ? "the output failed earlier" : OutputWriter.Write(sink, unit, _events);
            if (failure is not null)
            {
                _outputBroken = true;
                _written.Remove(unit.Sequence);
                _error ??= failure;
                return;
            }

            _outputMeter?.Written(unit);
            _highestWritten = Math.Max(_highestWritten, unit.Sequence);
        }

        if (output.Leader is { } lead && _tallies.TryGetValue(lead, out var tally))
        {
            tally.Lead += output.Units.Count;
        }

        _repeated += output.InsertedFrames;
        if (output.Leader is { } leader && leader != _leader)
        {
            if (_leader is not null)
            {
                _handovers++;
                _events.Write("handover", output.Units.Count > 0 ? output.Units.Min(u => u.Sequence) : null, new JsonObject { ["from"] = _leader, ["to"] = leader });
            }

            _leader = leader;
        }
    }

    private SwarmSummary Summarise(long started, IClock clock, bool stopped, double budgetMs, int maxDelay, AnalysisSummary analysis)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var slots = Interlocked.Read(ref _fed); // frames stamped by the reader but never fed (a stop) are not slots
        var encoders = _manifest.Encoders.Select(e =>
        {
            var tally = _tallies[e.InstanceId];
            var worker = _live[e.InstanceId];
            return new EncoderSummary(e.InstanceId, worker.State, tally.Instances, tally.Failures, tally.LastFailure, tally.Used, tally.Bytes,
                Math.Round(worker.RecentMeanMs, 2), tally.Late, tally.Bad, tally.Missed,
                Math.Round(_weights.GetValueOrDefault(e.InstanceId), 4), tally.Lead)
            {
                Feedback = tally.Feedback.Summarise(FrameMs, Fps, tally.RetiredCpuMs + worker.CpuMs, tally.RetiredCalls + worker.Calls, tally.RetiredQualityMs + worker.QualityMs, TargetBitrate(e.Spec) / 1000),
            };
        }).ToList();
        return new SwarmSummary(Input, Output, _framesIn, _written.Count, Math.Max(0, slots - _written.Count), _duplicates, _inserted, _droppedLate, _badUnits, _handovers,
            Math.Round(elapsed, 2), Math.Round(_framesIn / Math.Max(0.001, elapsed), 1), stopped, _error, $"{_manifest.Clock.Spec.Plugin}: {Describe(clock.Status)}",
            budgetMs, Ms(_hangTicks), _hangDetections, (int)_combinerHold + maxDelay, analysis, encoders);
    }

    /// <summary>One frame slot while it is open.</summary>
    private sealed record Slot(long Sequence, long TimestampNs, long ArrivalTicks, HashSet<EncoderWorker> Expected, ContentReport Content)
    {
        public Dictionary<string, EncodedUnit> Units { get; } = new(StringComparer.Ordinal);

        /// <summary>Luma PSNR and SSIM of each used unit's decoded picture.</summary>
        public Dictionary<string, (double Psnr, double Ssim)> Quality { get; } = new(StringComparer.Ordinal);

        /// <summary>The source frame (one reference), held for the output quality meter until the slot closes.</summary>
        public VideoFrame? Source { get; set; }

        public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Running counts for one encoder id.</summary>
    private sealed class Tally
    {
        public int Instances { get; set; }

        public int Failures { get; set; }

        public string? LastFailure { get; set; }

        public long Used { get; set; }

        public long Bytes { get; set; }

        public long Late { get; set; }

        public long Bad { get; set; }

        public long Missed { get; set; }

        public long Lead { get; set; }

        public int ConsecutiveMisses { get; set; }

        public int ConsecutiveHits { get; set; }

        public Queue<bool> Recent { get; } = new();

        public Queue<int> RecentBytes { get; } = new();

        public Queue<double> RecentPsnr { get; } = new();

        public bool BitrateOff { get; set; }

        public HashSet<int> Finished { get; } = [];

        public FeedbackTally Feedback { get; } = new();

        public double RetiredCpuMs { get; private set; }

        public long RetiredCalls { get; private set; }

        public double RetiredQualityMs { get; private set; }

        /// <summary>Adds the totals of an instance that is being replaced.</summary>
        public void Retire(EncoderWorker worker)
        {
            RetiredCpuMs += worker.CpuMs;
            RetiredCalls += worker.Calls;
            RetiredQualityMs += worker.QualityMs;
        }
    }
}
