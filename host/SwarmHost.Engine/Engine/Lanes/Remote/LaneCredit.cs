namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// Which pictures a node's lane may encode: those its coordinator has read, each granted with the
/// coordinator's timestamp for it and whether it is a repeat (no source picture: the coordinator's
/// input stalled); the epochs that number the source's pictures; the last one there will be; and
/// whether the coordinator's link is still open. Thread-safe: the link's reader grants, the feeder
/// waits.
/// </summary>
internal sealed class LaneCredit : IDisposable
{
    private readonly object _lock = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<long, (long Stamp, bool Repeat)> _stamps = [];
    private readonly List<SourceEpoch> _epochs = [];
    private long _last = long.MaxValue;
    private long _heardTicks = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long since the coordinator last said anything.</summary>
    public TimeSpan Silence => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _heardTicks));

    /// <summary>The coordinator said something.</summary>
    public void Heard() => Interlocked.Exchange(ref _heardTicks, System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>Cancelled once the link has closed.</summary>
    public CancellationToken Token => _closed.Token;

    /// <summary>Whether the link has closed.</summary>
    public bool LinkClosed => _closed.IsCancellationRequested;

    /// <summary>The coordinator has read <paramref name="sequence"/> and stamped it <paramref name="timestampNs"/>; <paramref name="repeat"/>: it repeats the picture before it.</summary>
    public void Grant(long sequence, long timestampNs, bool repeat)
    {
        lock (_lock)
        {
            _stamps[sequence] = (timestampNs, repeat);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>A new epoch (they come in order, each before the grant of its first picture).</summary>
    public void Begin(SourceEpoch epoch)
    {
        lock (_lock)
        {
            _epochs.Add(epoch);
            if (_epochs.Count > 64)
            {
                _epochs.RemoveAt(0);
            }
        }
    }

    /// <summary>The epoch that numbers picture <paramref name="sequence"/>, or <c>null</c> when none has come that starts at or before it.</summary>
    public SourceEpoch? EpochAt(long sequence)
    {
        lock (_lock)
        {
            return _epochs.LastOrDefault(e => e.Seq0 <= sequence);
        }
    }

    /// <summary>Nothing after <paramref name="sequence"/> will come.</summary>
    public void Last(long sequence)
    {
        lock (_lock)
        {
            _last = sequence;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Whether the coordinator has said which frame is its last, and <paramref name="sequence"/> is at or before it.</summary>
    public bool LastIsAtOrAfter(long sequence)
    {
        lock (_lock)
        {
            return _last != long.MaxValue && sequence <= _last;
        }
    }

    /// <summary>The link closed.</summary>
    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return; // the lane is over
        }

        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _closed.Dispose();

    /// <summary>Waits until <paramref name="sequence"/> may be encoded: <c>true</c> with its timestamp and whether it is a repeat; <c>false</c> when it never will be (past the last, or the link closed).</summary>
    public bool WaitFor(long sequence, out long timestampNs, out bool repeat)
    {
        timestampNs = 0;
        repeat = false;
        lock (_lock)
        {
            while (true)
            {
                if (sequence > _last || LinkClosed)
                {
                    return false;
                }

                if (_stamps.Remove(sequence, out var grant))
                {
                    (timestampNs, repeat) = grant;
                    return true;
                }

                Monitor.Wait(_lock, 100);
            }
        }
    }
}
