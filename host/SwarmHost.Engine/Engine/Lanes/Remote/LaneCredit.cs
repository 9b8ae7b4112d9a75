namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// Which pictures a node's lane may encode: those its coordinator has read, each granted with the
/// coordinator's timestamp for it; the last one there will be; and whether the coordinator's link
/// is still open. Thread-safe: the link's reader grants, the feeder waits.
/// </summary>
internal sealed class LaneCredit : IDisposable
{
    private readonly object _lock = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Dictionary<long, long> _stamps = [];
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

    /// <summary>The coordinator has read <paramref name="sequence"/> and stamped it <paramref name="timestampNs"/>.</summary>
    public void Grant(long sequence, long timestampNs)
    {
        lock (_lock)
        {
            _stamps[sequence] = timestampNs;
            Monitor.PulseAll(_lock);
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

    /// <summary>Waits until <paramref name="sequence"/> may be encoded: <c>true</c> with its timestamp; <c>false</c> when it never will be (past the last, or the link closed).</summary>
    public bool WaitFor(long sequence, out long timestampNs)
    {
        timestampNs = 0;
        lock (_lock)
        {
            while (true)
            {
                if (sequence > _last || LinkClosed)
                {
                    return false;
                }

                if (_stamps.Remove(sequence, out timestampNs))
                {
                    return true;
                }

                Monitor.Wait(_lock, 100);
            }
        }
    }
}
