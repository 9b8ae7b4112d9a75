using System.Collections.Concurrent;
using System.Diagnostics;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// A lane's encode calls as the host sees them: the one in progress (for the watchdog), the wall
/// time of each call by frame (for the slot book), the recent calls (for weighting) and the time
/// spent measuring quality. Written by the thread that learns of calls, read by any.
/// </summary>
internal sealed class LaneCallTimes
{
    private const int Recent = 30;
    private readonly ConcurrentDictionary<long, double> _callMs = new();
    private readonly ConcurrentQueue<double> _recent = new();
    private readonly object _progress = new();
    private long _callStartedTicks;
    private long _currentSequence = -1;
    private long _lastProgressTicks = Stopwatch.GetTimestamp();
    private long _calls;
    private double _qualityMs;

    /// <summary>The sequence number of the frame last given to the encoder (−1 before the first).</summary>
    public long CurrentSequence => Interlocked.Read(ref _currentSequence);

    /// <summary>Stopwatch ticks when the call in progress started; 0 when idle.</summary>
    public long CallStartedTicks => Interlocked.Read(ref _callStartedTicks);

    /// <summary>Stopwatch ticks when the last call returned (when the lane started, before any).</summary>
    public long LastProgressTicks => Interlocked.Read(ref _lastProgressTicks);

    /// <summary>Encode calls that have returned.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Time spent measuring quality so far, ms.</summary>
    public double QualityMs => Volatile.Read(ref _qualityMs);

    /// <summary>How many calls <see cref="RecentMeanMs"/> and <see cref="RecentLongestMs"/> cover.</summary>
    public int RecentCalls => _recent.Count;

    /// <summary>The mean of the recent calls, ms (0 before any).</summary>
    public double RecentMeanMs => _recent.IsEmpty ? 0 : _recent.Average();

    /// <summary>The longest of the recent calls, ms (0 before any).</summary>
    public double RecentLongestMs => _recent.IsEmpty ? 0 : _recent.Max();

    /// <summary>A call for frame <paramref name="sequence"/> began now.</summary>
    public void Started(long sequence)
    {
        Interlocked.Exchange(ref _currentSequence, sequence);
        Interlocked.Exchange(ref _callStartedTicks, Stopwatch.GetTimestamp());
    }

    /// <summary>The call for <paramref name="sequence"/> returned after <paramref name="callMs"/>; quality measuring has taken <paramref name="qualityMs"/> in all.</summary>
    public void Ended(long sequence, double callMs, double qualityMs)
    {
        _callMs[sequence] = callMs;
        _recent.Enqueue(callMs);
        while (_recent.Count > Recent)
        {
            _recent.TryDequeue(out _);
        }

        Volatile.Write(ref _qualityMs, qualityMs);
        Interlocked.Exchange(ref _callStartedTicks, 0);
        Interlocked.Exchange(ref _lastProgressTicks, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _calls);
        lock (_progress)
        {
            Monitor.PulseAll(_progress);
        }
    }

    /// <summary>The lane has ended: no call is in progress any more (one that was has ended with it).</summary>
    public void Stopped() => Interlocked.Exchange(ref _callStartedTicks, 0);

    /// <summary>Waits until a call returns, at most <paramref name="milliseconds"/>.</summary>
    public void WaitForProgress(int milliseconds)
    {
        lock (_progress)
        {
            Monitor.Wait(_progress, milliseconds);
        }
    }

    /// <summary>The wall time of the call given frame <paramref name="sequence"/>, and forgets it; NaN when unknown or taken.</summary>
    public double Take(long sequence) => _callMs.TryRemove(sequence, out var ms) ? ms : double.NaN;
}
