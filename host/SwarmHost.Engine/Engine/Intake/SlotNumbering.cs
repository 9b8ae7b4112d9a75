namespace SwarmHost.Engine.Intake;

/// <summary>
/// Gives every frame that enters the swarm its sequence number: source frames on the reader
/// thread, repeats filling a stalled live input on the feeder thread. A repeat never takes a
/// number while a source frame that already has one is on its way to the feeder, so the numbers
/// enter the swarm in order and a stall's repeats come before the frame that ends it. Thread-safe.
/// </summary>
internal sealed class SlotNumbering
{
    private const int RepeatsKept = 4096;
    private readonly Lock _lock = new();
    private readonly HashSet<long> _repeats = [];
    private readonly Queue<long> _repeatOrder = new();
    private long _next;
    private long _stamped;
    private long _read;

    /// <summary>The number the next frame will get.</summary>
    public long Next => Interlocked.Read(ref _next);

    /// <summary>Numbers a source frame (reader thread).</summary>
    public long StampSourceFrame()
    {
        lock (_lock)
        {
            _stamped++;
            return Interlocked.Increment(ref _next) - 1;
        }
    }

    /// <summary>The feeder has taken a source frame from the reader.</summary>
    public void SourceFrameRead() => Interlocked.Increment(ref _read);

    /// <summary>A number for a repeat, or <c>null</c> while a numbered source frame has not reached the feeder.</summary>
    public long? TryNumberRepeat()
    {
        lock (_lock)
        {
            if (_stamped > Interlocked.Read(ref _read))
            {
                return null;
            }

            var number = Interlocked.Increment(ref _next) - 1;
            _repeats.Add(number);
            _repeatOrder.Enqueue(number);
            if (_repeatOrder.Count > RepeatsKept)
            {
                _repeats.Remove(_repeatOrder.Dequeue());
            }

            return number;
        }
    }

    /// <summary>Whether <paramref name="sequence"/> went to a repeat (of the last <c>4096</c> repeats) rather than a source frame.</summary>
    public bool IsRepeat(long sequence)
    {
        lock (_lock)
        {
            return _repeats.Contains(sequence);
        }
    }
}
