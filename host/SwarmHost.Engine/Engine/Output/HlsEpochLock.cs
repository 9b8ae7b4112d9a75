using System.Globalization;

namespace SwarmHost.Engine.Output;

/// <summary>
/// The epoch lock of an HLS output on a live input: every instance reading the same stream cuts
/// its segments at the same source pictures, numbers them alike and gives them the same
/// timestamps, so a player can take any segment from any instance.
/// <para>A picture's <b>epoch time</b> is its source timestamp carried onto the shared clock's
/// epoch: unwrapped to the MPEG-TS clock cycle (2^33 / 90 kHz, about 26.5 h) nearest the clock's
/// time when the first picture arrived. That is the clock's own time when the sender stamps its
/// pictures from the same (PTP- or NTP-locked) clock, and for any sender the same value on every
/// instance. Picture <c>e = round(epoch time / frame period)</c> starts a segment when
/// <c>e</c> is a multiple of the segment's frames, and that segment is number
/// <c>e / segment frames</c>.</para>
/// <para>The output starts at the first such picture (<see cref="StartsAt"/>; the pictures before
/// it are skipped), with the segment number and a timestamp offset that put picture <c>e</c> at
/// <c>e × frame period</c>. From there the swarm's GOP grid is the epoch's while the source runs
/// on without a gap; a picture whose epoch index is not its sequence number's (lost pictures, a
/// stall filled with repeats, a sender restarted) is a <b>slip</b>: counted and reported, since
/// later segments no longer match another instance's.</para>
/// Thread-safe: the source's reader decides the start and observes pictures; the engine waits.
/// </summary>
/// <param name="framePeriodNs">The output's frame period (<c>profile.frameRate</c>), ns.</param>
/// <param name="segmentFrames">Frames per segment: whole GOPs.</param>
/// <param name="clockNs">The shared clock, ns since its epoch.</param>
internal sealed class HlsEpochLock(long framePeriodNs, int segmentFrames, Func<long> clockNs)
{
    /// <summary>The MPEG-TS clock's cycle, 2^33 ticks of 90 kHz, in ns (not a whole number of them: kept as a fraction of 9).</summary>
    private static readonly Int128 CycleNsTimesNine = (Int128)(1L << 33) * 100_000;

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _decided = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Int128? _unwrapNs;
    private long _firstIndex = -1;
    private long _slipDelta;
    private int _slips;
    private string? _notLocked;

    /// <summary>Called with a slip's description when one is found (the reader thread).</summary>
    public Action<long, string>? SlipFound { get; init; }

    /// <summary>Whether the output started on an epoch boundary.</summary>
    public bool Locked
    {
        get
        {
            lock (_lock)
            {
                return _firstIndex >= 0 && _notLocked is null;
            }
        }
    }

    /// <summary>Why the output is not epoch-locked, or <c>null</c>.</summary>
    public string? NotLocked
    {
        get
        {
            lock (_lock)
            {
                return _notLocked;
            }
        }
    }

    /// <summary>The first segment's number (the epoch index of the first picture over the segment's frames); -1 before the start.</summary>
    public long FirstSegment
    {
        get
        {
            lock (_lock)
            {
                return _firstIndex < 0 ? -1 : _firstIndex / segmentFrames;
            }
        }
    }

    /// <summary>Frames per segment.</summary>
    public int SegmentFrames => segmentFrames;

    /// <summary>Pictures whose epoch index was not the one their sequence number gave (each a new offset between the two).</summary>
    public int Slips
    {
        get
        {
            lock (_lock)
            {
                return _slips;
            }
        }
    }

    /// <summary>For <see cref="SwarmHost.Media.MediaSourceOptions.StartsAt"/>: whether the picture at <paramref name="sourceNs"/> starts the output.</summary>
    public bool StartsAt(long sourceNs, long sourcePeriodNs)
    {
        lock (_lock)
        {
            if (_decided.Task.IsCompleted)
            {
                return true;
            }

            if (sourcePeriodNs != framePeriodNs)
            {
                return Decide(string.Create(CultureInfo.InvariantCulture, $"the input's frame period ({sourcePeriodNs / 1e6:0.###} ms) is not $.profile.frameRate's ({framePeriodNs / 1e6:0.###} ms), so its pictures are re-timed; set $.profile.frameRate to the input's rate"));
            }

            _unwrapNs ??= Unwrap(sourceNs, clockNs());
            var index = EpochIndex(sourceNs);
            if (index < 0 || index % segmentFrames != 0)
            {
                return false;
            }

            _firstIndex = index;
            return Decide(null);
        }
    }

    /// <summary>Waits until the output's start is decided; when no segment boundary came within <paramref name="limit"/>, gives up the lock and starts at the next picture.</summary>
    public void WaitForStart(TimeSpan limit, CancellationToken stop)
    {
        try
        {
            if (_decided.Task.Wait(limit, stop))
            {
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }

        lock (_lock)
        {
            if (!_decided.Task.IsCompleted)
            {
                Decide(string.Create(CultureInfo.InvariantCulture, $"no picture on a segment boundary arrived within {limit.TotalSeconds:0.#} s of the start"));
            }
        }
    }

    /// <summary>Picture <paramref name="sequence"/> (a source picture) had <paramref name="sourceNs"/>: a slip when its epoch index is not the start's plus its sequence number.</summary>
    public void Observe(long sequence, long sourceNs)
    {
        lock (_lock)
        {
            if (_firstIndex < 0 || _notLocked is not null)
            {
                return;
            }

            var delta = EpochIndex(sourceNs) - _firstIndex - sequence;
            if (delta == _slipDelta)
            {
                return;
            }

            _slips++;
            var message = string.Create(CultureInfo.InvariantCulture, $"frame {sequence} is picture {delta:+#;-#} of the epoch grid from where the segments began (lost pictures, a stall or a restarted sender): segment boundaries from here on are {delta:+#;-#} frames off the epoch's, so later segments do not match another instance's");
            _slipDelta = delta;
            SlipFound?.Invoke(sequence, message);
        }
    }

    /// <summary>The HLS muxer's options that put the first segment's number and timestamps on the epoch: <c>start_number</c> and <c>output_ts_offset</c> (none when not locked).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MuxerOptions()
    {
        lock (_lock)
        {
            if (_firstIndex < 0 || _notLocked is not null)
            {
                return [];
            }

            var offsetUs = _firstIndex * framePeriodNs / 1000;
            return
            [
                new("start_number", (_firstIndex / segmentFrames).ToString(CultureInfo.InvariantCulture)),
                new("output_ts_offset", string.Create(CultureInfo.InvariantCulture, $"{offsetUs / 1_000_000}.{offsetUs % 1_000_000:D6}")),
            ];
        }
    }

    private bool Decide(string? notLocked)
    {
        _notLocked = notLocked;
        _decided.TrySetResult();
        return true;
    }

    /// <summary>The epoch index of the picture at <paramref name="sourceNs"/>: its epoch time over the frame period, rounded to the nearest whole.</summary>
    private long EpochIndex(long sourceNs) => (long)Nearest((sourceNs + _unwrapNs!.Value) * 2, framePeriodNs * (Int128)2);

    /// <summary>The whole number of MPEG-TS clock cycles (ns) that brings <paramref name="sourceNs"/> nearest <paramref name="nowNs"/>.</summary>
    private static Int128 Unwrap(long sourceNs, long nowNs) => Nearest(((Int128)nowNs - sourceNs) * 9, CycleNsTimesNine) * CycleNsTimesNine / 9;

    /// <summary><paramref name="value"/> / <paramref name="unit"/> rounded to the nearest whole (halves up), for either sign.</summary>
    private static Int128 Nearest(Int128 value, Int128 unit)
    {
        var shifted = value + unit / 2;
        var quotient = shifted / unit;
        return shifted % unit < 0 ? quotient - 1 : quotient;
    }
}
