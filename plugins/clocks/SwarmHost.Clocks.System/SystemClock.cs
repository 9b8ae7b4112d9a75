using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.System;

/// <summary>
/// Wall-clock time read once at construction and advanced by the monotonic timestamp from then on:
/// a step of the system clock during a run (NTP step, operator) does not move it, so it never goes
/// backwards.
/// </summary>
public sealed class SystemClock : IClock
{
    private readonly TimeProvider _time;
    private readonly long _anchorUnixNs;
    private readonly long _anchorTimestamp;
    private readonly DateTimeOffset _started;

    /// <summary>Anchors the clock to <paramref name="time"/>'s wall clock now.</summary>
    /// <param name="time">Source of wall-clock and monotonic time.</param>
    /// <param name="offsetNs">Fixed offset added to every reading.</param>
    public SystemClock(TimeProvider time, long offsetNs)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _anchorTimestamp = time.GetTimestamp();
        _started = time.GetUtcNow();
        _anchorUnixNs = (_started.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + offsetNs;
    }

    /// <inheritdoc />
    public ClockStatus Status => new(ClockState.Synchronised, "system", 0, 0, _started, "wall clock anchored to the monotonic clock at start");

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public long NowNs()
    {
        var elapsed = _time.GetTimestamp() - _anchorTimestamp;
        return _anchorUnixNs + (long)((Int128)elapsed * 1_000_000_000 / _time.TimestampFrequency);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the clock holds no native or network resources.
    }
}
