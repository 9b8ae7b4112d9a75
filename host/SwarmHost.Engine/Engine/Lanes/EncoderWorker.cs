using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Feedback;
using SwarmHost.Media;
using SwarmHost.Pipeline;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// The in-process lane: runs one encoder instance on its own thread in the host: frames in through a bounded queue (shared frames,
/// not copies), units out to the engine. With verification on, every unit is decoded right here
/// and its picture compared with the source picture, so undecodable or garbage output is caught
/// before the combiner sees it.
/// </summary>
/// <remarks>
/// The engine's watchdog reads <see cref="CallStartedTicks"/>: a call that has not returned within
/// the hang timeout fails the worker, which is then abandoned — its thread is a background thread,
/// so a call that never returns does not keep the process alive.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The queue may still be in use by a hung encoder thread that never returns; it is left to the garbage collector.")]
internal sealed class EncoderWorker : IEncoderLane
{
    private readonly BlockingCollection<VideoFrame> _queue;
    private readonly ChannelWriter<LaneMessage> _messages;
    private readonly OutputProfile _profile;
    private readonly bool _verify;
    private readonly int _ssimEvery;
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<long, double> _callMs = new();
    private readonly ConcurrentQueue<double> _recentEncodeMs = new(); // the last 30 calls' wall times, ms
    private long _callStartedTicks;
    private long _currentSequence = -1;
    private long _qualityTicks;
    private double _cpuMs;
    private long _calls;
    private long _lastProgressTicks = Stopwatch.GetTimestamp();
    private volatile bool _abandoned;
    private readonly object _keyframeGate = new();
    private readonly HashSet<long> _requestedKeyframes = [];
    private long _handedThrough = -1;

    /// <summary>Frames planned for a handover, where the encoder is asked for a keyframe besides the GOP boundaries (the manifest's scheduled switches).</summary>
    public IReadOnlySet<long> PlannedKeyframes { get; init; } = new HashSet<long>();

    /// <summary>Prepares a worker; <see cref="Start"/> starts its thread.</summary>
    /// <param name="id">The manifest's instance id.</param>
    /// <param name="generation">1 for the first instance, then +1 per rejoin.</param>
    /// <param name="encoder">The encoder instance (the worker opens, drives and flushes it).</param>
    /// <param name="profile">The output profile.</param>
    /// <param name="startSequence">The first sequence number it is given.</param>
    /// <param name="queueCapacity">Frames its queue holds.</param>
    /// <param name="verify">Decode every unit and compare it with its source picture.</param>
    /// <param name="ssimEvery">With verification: SSIM on every n-th frame (PSNR is measured on all); 0 never.</param>
    /// <param name="messages">Where it posts opened, unit, failed and finished messages.</param>
    public EncoderWorker(string id, int generation, IVideoEncoder encoder, OutputProfile profile, long startSequence, int queueCapacity, bool verify, int ssimEvery, ChannelWriter<LaneMessage> messages)
    {
        _ssimEvery = ssimEvery;
        Id = id;
        Generation = generation;
        Encoder = encoder;
        _profile = profile;
        StartSequence = startSequence;
        _verify = verify;
        _messages = messages;
        _queue = new BlockingCollection<VideoFrame>(queueCapacity);
        _thread = new Thread(Run) { IsBackground = true, Name = $"swarmhost-encoder-{id}" };
    }

    /// <summary>The manifest's instance id.</summary>
    public string Id { get; }

    /// <summary>1 for the first instance, then +1 per rejoin.</summary>
    public int Generation { get; }

    /// <summary>The encoder instance.</summary>
    public IVideoEncoder Encoder { get; }

    /// <inheritdoc />
    public int ProcessId => 0;

    /// <inheritdoc />
    public string? Node => null;

    /// <inheritdoc />
    public double ResidentMb => double.NaN;

    /// <inheritdoc />
    public double PeakResidentMb => double.NaN;

    /// <inheritdoc />
    public NodeArrivals? Arrivals => null;

    /// <summary>The first sequence number it is given (a GOP boundary).</summary>
    public long StartSequence { get; }

    /// <summary>The session, once opened.</summary>
    public EncoderSession? Session { get; private set; }

    /// <summary>Health state (changed by the engine only).</summary>
    public EncoderState State { get; set; } = EncoderState.Joining;

    /// <summary>The sequence number of the frame it was last given to encode (−1 before the first).</summary>
    public long CurrentSequence => Interlocked.Read(ref _currentSequence);

    /// <summary>
    /// <see cref="CurrentSequence"/> as the engine last sampled it, before reading the messages
    /// posted up to then — so every unit the worker produced for earlier frames has been seen.
    /// </summary>
    public long ObservedSequence { get; set; } = -1;

    /// <summary>Stopwatch ticks when its last call returned (when it started, before any).</summary>
    public long LastProgressTicks => Interlocked.Read(ref _lastProgressTicks);

    /// <inheritdoc />
    public long HandedThrough
    {
        get
        {
            lock (_keyframeGate)
            {
                return _handedThrough;
            }
        }
    }

    /// <inheritdoc />
    public bool RequestKeyframe(long sequence)
    {
        lock (_keyframeGate)
        {
            if (sequence <= _handedThrough || _abandoned)
            {
                return false;
            }

            _requestedKeyframes.Add(sequence);
            return true;
        }
    }

    /// <summary>Frame <paramref name="sequence"/> goes to the encoder now: whether a keyframe was asked for it (a GOP boundary, a scheduled switch or a request).</summary>
    private bool HandKeyframe(long sequence)
    {
        lock (_keyframeGate)
        {
            _handedThrough = sequence;
            var asked = _requestedKeyframes.Remove(sequence);
            return KeyframeRequests.IsRequested(Session!, _profile, sequence, asked || PlannedKeyframes.Contains(sequence));
        }
    }

    /// <summary>The longest of its recent calls, ms (0 before any).</summary>
    public double RecentLongestMs => _recentEncodeMs.IsEmpty ? 0 : _recentEncodeMs.Max();

    /// <summary>The mean of its recent calls, ms (0 before any).</summary>
    public double RecentMeanMs => _recentEncodeMs.IsEmpty ? 0 : _recentEncodeMs.Average();

    /// <summary>Stopwatch ticks when the call in progress started; 0 when idle.</summary>
    public long CallStartedTicks => Interlocked.Read(ref _callStartedTicks);

    /// <summary>Whether the engine gave up on this worker.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>Frames queued for it and not yet encoded, the one being encoded included.</summary>
    public int QueueDepth => _queue.Count + (CallStartedTicks != 0 ? 1 : 0);

    /// <summary>
    /// Live timing: the most frames it may hold; a frame offered beyond that is refused at once
    /// (it could not be encoded by its deadline anyway) instead of making the reader wait. 0: no limit
    /// beyond the queue's capacity, and the reader waits (back-pressure, as fast as possible).
    /// </summary>
    public int LiveQueueLimit { get; set; }

    /// <summary>CPU time its thread spent in encode calls so far, ms (NaN where the platform cannot tell).</summary>
    public double CpuMs => Volatile.Read(ref _cpuMs);

    /// <summary>Encode calls made so far.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Wall time spent measuring quality (decode, PSNR, SSIM) so far, ms.</summary>
    public double QualityMs => Interlocked.Read(ref _qualityTicks) * 1000.0 / Stopwatch.Frequency;

    /// <inheritdoc />
    public int RecentCalls => _recentEncodeMs.Count;


    /// <summary>
    /// The wall time of the encode call that was given frame <paramref name="sequence"/>, as the
    /// host measured it (not what the encoder reports: a wrapper or a misbehaving plugin cannot hide
    /// time from it), and forgets it; NaN when that frame was never given to it or was taken already.
    /// </summary>
    public double TakeCallMs(long sequence) => _callMs.TryRemove(sequence, out var ms) ? ms : double.NaN;

    public void Start() => _thread.Start();

    /// <summary>
    /// Hands a frame to the encoder (retaining it). Waits while the queue is full — back-pressure —
    /// but gives up when the worker is abandoned meanwhile.
    /// </summary>
    /// <returns>Whether the frame was queued.</returns>
    public bool Offer(VideoFrame frame, CancellationToken cancellationToken)
    {
        if (LiveQueueLimit > 0 && QueueDepth >= LiveQueueLimit)
        {
            return false;
        }

        var held = frame.Retain();
        while (!_abandoned && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_queue.TryAdd(held, 20, cancellationToken))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                break;
            }
        }

        held.Release();
        return false;
    }

    /// <summary>No more frames: the worker flushes the encoder and finishes.</summary>
    public void Complete() => _queue.CompleteAdding();

    /// <summary>Stops feeding and ignoring this worker: frames still queued are released when (if) its thread gets to them.</summary>
    public void Abandon()
    {
        _abandoned = true;
        try
        {
            _queue.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Run()
    {
        UnitVerifier? verifier = null;
        var failed = false;
        try
        {
            Session = Call(() => Encoder.Open(_profile));
            Post(LaneMessageKind.Opened, null, null);
            verifier = _verify ? new UnitVerifier(Session, _profile, _ssimEvery, (unit, problem, psnr, ssim) => Post(LaneMessageKind.Unit, unit, problem, psnr, ssim)) : null;
            foreach (var frame in _queue.GetConsumingEnumerable())
            {
                if (_abandoned)
                {
                    frame.Release();
                    continue;
                }

                verifier?.Hold(frame);

                Interlocked.Exchange(ref _currentSequence, frame.Sequence);
                var keyframe = HandKeyframe(frame.Sequence);
                var started = Stopwatch.GetTimestamp();
                var cpu = ThreadCpuTime.NowMs();
                IReadOnlyList<EncodedUnit> units;
                try
                {
                    units = Call(() => Encoder.Encode(frame, keyframe));
                }
                finally
                {
                    if (verifier is null)
                    {
                        frame.Release();
                    }
                }

                var callMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Remember(callMs);
                _callMs[frame.Sequence] = callMs;
                Volatile.Write(ref _cpuMs, _cpuMs + (ThreadCpuTime.NowMs() - cpu));
                Interlocked.Increment(ref _calls);
                var measuring = Stopwatch.GetTimestamp();
                Deliver(units, verifier);
                Interlocked.Add(ref _qualityTicks, Stopwatch.GetTimestamp() - measuring);
            }

            if (!_abandoned)
            {
                Deliver(Call(Encoder.Flush), verifier);
                verifier?.Flush();
            }
        }
        catch (Exception ex)
        {
            failed = true;
            Post(LaneMessageKind.Failed, null, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            verifier?.Dispose();
            DisposeEncoder();
            while (_queue.TryTake(out var left))
            {
                left.Release();
            }

            NativeHeap.Trim(); // the encoder's buffers lived in its threads' arenas: give them back before a replacement opens

            if (!failed)
            {
                Post(LaneMessageKind.Finished, null, null);
            }
        }
    }

    /// <summary>
    /// Disposes the encoder on its own thread once its last call has returned — after a failure
    /// too, as the contract requires, so a failed instance's native encoder is freed before its
    /// replacement opens. A throwing dispose is contained: every unit it made was already handed on.
    /// </summary>
    private void DisposeEncoder()
    {
        try
        {
            Encoder.Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            System.Diagnostics.Trace.TraceWarning($"encoder '{Id}' instance {Generation}: dispose threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private T Call<T>(Func<T> call)
    {
        Interlocked.Exchange(ref _callStartedTicks, Stopwatch.GetTimestamp());
        try
        {
            return call();
        }
        finally
        {
            Interlocked.Exchange(ref _callStartedTicks, 0);
            Interlocked.Exchange(ref _lastProgressTicks, Stopwatch.GetTimestamp());
        }
    }

    private void Remember(double ms)
    {
        _recentEncodeMs.Enqueue(ms);
        while (_recentEncodeMs.Count > 30)
        {
            _recentEncodeMs.TryDequeue(out _);
        }
    }

    /// <summary>Hands units on: through the verifier when there is one, else straight to the engine.</summary>
    private void Deliver(IReadOnlyList<EncodedUnit> units, UnitVerifier? verifier)
    {
        if (verifier is not null)
        {
            verifier.Check(units);
            return;
        }

        foreach (var unit in units)
        {
            Post(LaneMessageKind.Unit, unit, null);
        }
    }

    private void Post(LaneMessageKind kind, EncodedUnit? unit, string? problem, double psnr = double.NaN, double ssim = double.NaN)
    {
        if (!_abandoned)
        {
            _messages.TryWrite(new LaneMessage(this, kind, unit, problem, Stopwatch.GetTimestamp(), psnr, ssim));
        }
    }
}
