namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The clock's own time scale: the monotonic timestamp anchored once to the wall clock (the "raw"
/// scale, like the system clock component), plus a correction that a servo adjusts — one phase
/// step and from then on a frequency term. The system clock is never touched.
/// </summary>
/// <remarks>
/// <para>raw(now) = wall clock at construction + monotonic time elapsed since. The correction is
/// piecewise linear: c(raw) = c0 + f·(raw − r0) on the current segment; changing the frequency
/// starts a new segment at the current instant, so the scale stays continuous.</para>
/// <para>Threading: <see cref="NowNs"/>, <see cref="RawNowNs"/>, <see cref="CorrectionAt"/> and
/// <see cref="FrequencyPpb"/> are lock-free and safe from any thread (the segment is an immutable
/// object swapped atomically). <see cref="Step"/> and <see cref="SetFrequency"/> are called by one
/// thread at a time (the receive thread). <see cref="NowNs"/> never returns less than it returned
/// before: if a backward step happens after it was read, it holds its last value until the scale
/// catches up.</para>
/// </remarks>
internal sealed class DisciplinedTimescale
{
    private readonly TimeProvider _time;
    private readonly long _anchorTimestamp;
    private readonly long _anchorUnixNs;
    private Segment _segment;
    private long _floorNs = long.MinValue;

    /// <summary>Anchors the raw scale to <paramref name="time"/>'s wall clock now.</summary>
    public DisciplinedTimescale(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        (_anchorTimestamp, _anchorUnixNs) = Anchor(time);
        _segment = new Segment(_anchorUnixNs, 0, 0);
    }

    /// <summary>The frequency correction now in force, in ppb (positive = the scale runs faster than raw).</summary>
    public double FrequencyPpb => Volatile.Read(ref _segment).FrequencyPpb;

    /// <summary>Whether the phase was stepped since construction.</summary>
    public bool Stepped { get; private set; }

    /// <summary>The raw scale now: anchor + monotonic time elapsed (ns since the Unix epoch).</summary>
    public long RawNowNs()
    {
        var elapsed = _time.GetTimestamp() - _anchorTimestamp;
        return _anchorUnixNs + (long)((Int128)elapsed * 1_000_000_000 / _time.TimestampFrequency);
    }

    /// <summary>The correction (ns) the scale adds to the raw instant <paramref name="rawNs"/> on the current segment.</summary>
    public long CorrectionAt(long rawNs) => Volatile.Read(ref _segment).At(rawNs);

    /// <summary>The corrected time for a raw instant on the current segment (no monotonic floor).</summary>
    public long ToScale(long rawNs) => rawNs + CorrectionAt(rawNs);

    /// <summary>The current time on the corrected scale; never less than a previous result.</summary>
    public long NowNs()
    {
        var value = ToScale(RawNowNs());
        var floor = Volatile.Read(ref _floorNs);
        while (value > floor)
        {
            var seen = Interlocked.CompareExchange(ref _floorNs, value, floor);
            if (seen == floor)
            {
                return value;
            }

            floor = seen;
        }

        return floor;
    }

    /// <summary>Moves the phase by <paramref name="deltaNs"/> at once (the servo's one initial step).</summary>
    public void Step(long deltaNs)
    {
        var now = RawNowNs();
        var current = Volatile.Read(ref _segment);
        Volatile.Write(ref _segment, new Segment(now, current.At(now) + deltaNs, current.FrequencyPpb));
        Stepped = true;
    }

    /// <summary>Runs the scale at <paramref name="frequencyPpb"/> relative to raw from now on (continuous in phase).</summary>
    public void SetFrequency(double frequencyPpb)
    {
        var now = RawNowNs();
        var current = Volatile.Read(ref _segment);
        Volatile.Write(ref _segment, new Segment(now, current.At(now), frequencyPpb));
    }

    /// <summary>
    /// Pairs a monotonic timestamp with the wall clock: the wall clock read between two monotonic
    /// reads, keeping the tightest of a few tries, so a first-call cost or a preemption between the
    /// reads does not bias the raw scale against CLOCK_REALTIME (kernel packet stamps are on it).
    /// </summary>
    private static (long Timestamp, long UnixNs) Anchor(TimeProvider time)
    {
        _ = time.GetUtcNow();
        _ = time.GetTimestamp();
        var best = (Timestamp: 0L, UnixNs: 0L, Width: long.MaxValue);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = time.GetTimestamp();
            var wall = time.GetUtcNow();
            var after = time.GetTimestamp();
            if (after - before < best.Width)
            {
                best = (before + ((after - before) / 2), (wall.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100, after - before);
            }
        }

        return (best.Timestamp, best.UnixNs);
    }

    private sealed record Segment(long StartRawNs, long CorrectionAtStartNs, double FrequencyPpb)
    {
        public long At(long rawNs) => CorrectionAtStartNs + (long)Math.Round((rawNs - StartRawNs) * FrequencyPpb * 1e-9);
    }
}
