namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// A moving median over the last N samples (the linuxptp "moving_median" filter): one outlier
/// among user-space timestamps does not move it. Not thread-safe.
/// </summary>
internal sealed class MedianWindow
{
    private readonly long[] _ring;
    private readonly long[] _sorted;
    private int _next;

    /// <summary>Creates an empty window.</summary>
    /// <param name="capacity">How many recent samples the median is taken over (1 = no filtering).</param>
    public MedianWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new long[capacity];
        _sorted = new long[capacity];
    }

    /// <summary>Samples held (at most the capacity).</summary>
    public int Count { get; private set; }

    /// <summary>The window length.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Adds a sample, dropping the oldest when full, and returns the new median.</summary>
    public long Add(long sample)
    {
        _ring[_next] = sample;
        _next = (_next + 1) % _ring.Length;
        Count = Math.Min(Count + 1, _ring.Length);
        return Median;
    }

    /// <summary>The median of the samples held (mean of the two middle ones for an even count).</summary>
    /// <exception cref="InvalidOperationException">The window is empty.</exception>
    public long Median
    {
        get
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("The median window is empty; add a sample first.");
            }

            var span = _sorted.AsSpan(0, Count);
            _ring.AsSpan(0, Count).CopyTo(span);
            span.Sort();
            return Count % 2 == 1 ? span[Count / 2] : (span[(Count / 2) - 1] + span[Count / 2]) / 2;
        }
    }

    /// <summary>Forgets every sample.</summary>
    public void Clear()
    {
        Count = 0;
        _next = 0;
    }
}
