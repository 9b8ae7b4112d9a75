namespace SwarmHost.Engine.Intake;

/// <summary>
/// Gives every frame that enters the swarm its sequence number: source frames on the reader
/// thread, repeats filling a stalled live input on the feeder thread. A repeat never takes a
/// number while a source frame that already has one is on its way to the feeder, so the numbers
/// enter the swarm in order and a stall's repeats come before the frame that ends it. Thread-safe.
/// </summary>
internal sealed class SlotNumbering
{
    private readonly Lock _lock = new();
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
            return _stamped > Interlocked.Read(ref _read) ? null : Interlocked.Increment(ref _next) - 1;
        }
    }
}
