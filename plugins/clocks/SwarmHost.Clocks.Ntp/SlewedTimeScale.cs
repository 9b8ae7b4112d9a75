using System.Diagnostics;

namespace SwarmHost.Clocks.Ntp;

/// <summary>
/// The ntp clock's own time scale: the monotonic clock (<see cref="Stopwatch"/>) anchored to the
/// wall clock once, plus a correction that moves towards a target at a bounded rate (slewing).
/// </summary>
/// <remarks>
/// <para>
/// now = anchorWall + elapsedMonotonic + correction(elapsed). The correction is piecewise linear:
/// from where it stands it moves towards the latest target at <c>maxSlewPpm</c> and stops there,
/// so the scale runs at a rate between 1 − maxSlew and 1 + maxSlew of the monotonic clock and never
/// jumps. The single exception is <see cref="TryStep"/>, which only succeeds while nobody has read
/// the scale yet (no frame was stamped), so a first lock can start on the estimate at once instead
/// of slewing to it for minutes.
/// </para>
/// <para>
/// Thread-safety: <see cref="NowNs"/> is lock-free (one volatile read of an immutable segment and a
/// compare-exchange that keeps readings from every thread non-decreasing); <see cref="SlewTo"/> and
/// <see cref="TryStep"/> serialise on a private lock.
/// </para>
/// </remarks>
internal sealed class SlewedTimeScale
{
    private readonly Lock _gate = new();
    private readonly long _anchorTimestamp;
    private readonly long _anchorWallNs;
    private readonly double _slewPerNs;
    private Segment _segment;
    private long _lastReading = long.MinValue;
    private int _read;

    /// <summary>Anchors the scale to the wall clock now, with no correction.</summary>
    /// <param name="maxSlewPpm">How fast the correction may change, in parts per million (0 &lt; x &lt; 10⁶).</param>
    public SlewedTimeScale(double maxSlewPpm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSlewPpm);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxSlewPpm, 1_000_000);
        _slewPerNs = maxSlewPpm / 1_000_000;
        _anchorWallNs = RealtimeClock.NowNs();
        _anchorTimestamp = Stopwatch.GetTimestamp();
        _segment = new Segment(0, 0, 0);
    }

    /// <summary>The correction the scale is heading for (ns), as last set.</summary>
    public long TargetCorrectionNs => Volatile.Read(ref _segment).Target;

    /// <summary>Whether <see cref="NowNs"/> was ever called.</summary>
    public bool WasRead => Volatile.Read(ref _read) != 0;

    /// <summary>Nanoseconds of the monotonic clock since the anchor at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> reading).</summary>
    public long ElapsedNs(long timestamp) =>
        (long)((Int128)(timestamp - _anchorTimestamp) * 1_000_000_000 / Stopwatch.Frequency);

    /// <summary>The uncorrected local time (anchor + monotonic elapsed) at <paramref name="timestamp"/>, in Unix ns.</summary>
    public long LocalNs(long timestamp) => _anchorWallNs + ElapsedNs(timestamp);

    /// <summary>The correction in effect at <paramref name="timestamp"/> (ns).</summary>
    public long CorrectionAt(long timestamp) => Volatile.Read(ref _segment).At(ElapsedNs(timestamp), _slewPerNs);

    /// <summary>The scale's time now in Unix ns; never less than any earlier reading from any thread.</summary>
    public long NowNs()
    {
        if (Volatile.Read(ref _read) == 0)
        {
            lock (_gate)
            {
                _read = 1; // from now on TryStep refuses: a frame may carry this reading
            }
        }

        // Segment first, then the time: a segment is never newer than the instant it is applied to.
        var segment = Volatile.Read(ref _segment);
        var elapsed = ElapsedNs(Stopwatch.GetTimestamp());
        var value = _anchorWallNs + elapsed + segment.At(elapsed, _slewPerNs);
        var last = Volatile.Read(ref _lastReading);
        while (value > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastReading, value, last);
            if (seen == last)
            {
                return value;
            }

            last = seen;
        }

        return last;
    }

    /// <summary>Starts moving the correction from where it stands now towards <paramref name="targetCorrectionNs"/> at the bounded rate.</summary>
    public void SlewTo(long targetCorrectionNs)
    {
        lock (_gate)
        {
            var elapsed = ElapsedNs(Stopwatch.GetTimestamp());
            var current = _segment.At(elapsed, _slewPerNs);
            Volatile.Write(ref _segment, new Segment(elapsed, current, targetCorrectionNs));
        }
    }

    /// <summary>Sets the correction to <paramref name="correctionNs"/> at once, but only if the scale was never read.</summary>
    /// <returns>Whether the step was made; when <c>false</c> the caller should <see cref="SlewTo"/> instead.</returns>
    public bool TryStep(long correctionNs)
    {
        lock (_gate)
        {
            if (_read != 0)
            {
                return false;
            }

            Volatile.Write(ref _segment, new Segment(ElapsedNs(Stopwatch.GetTimestamp()), correctionNs, correctionNs));
            return true;
        }
    }

    /// <summary>The correction moving linearly from <paramref name="Start"/> at <paramref name="StartElapsedNs"/> towards <paramref name="Target"/>.</summary>
    private sealed record Segment(long StartElapsedNs, long Start, long Target)
    {
        public long At(long elapsedNs, double slewPerNs)
        {
            var remaining = Target - Start;
            if (remaining == 0)
            {
                return Target;
            }

            var moved = (double)Math.Max(0, elapsedNs - StartElapsedNs) * slewPerNs;
            if (moved >= Math.Abs((double)remaining))
            {
                return Target;
            }

            return remaining > 0 ? Start + (long)moved : Start - (long)moved;
        }
    }
}
