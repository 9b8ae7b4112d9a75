using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Slots;

/// <summary>
/// The open slots by sequence number. The intake opens them (and withdraws one a stop kept out of
/// the swarm); the coordinator files units into them and closes them strictly in order. Every
/// access to a slot's contents goes through the book's lock.
/// </summary>
internal sealed class SlotBook
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<long, Slot> _slots = [];

    /// <summary>The sequence number of the next slot to close. Coordinator thread.</summary>
    public long NextToClose { get; private set; }

    /// <summary>Open slots.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Opens <paramref name="slot"/>. Intake thread.</summary>
    public void Open(Slot slot)
    {
        lock (_sync)
        {
            _slots[slot.Sequence] = slot;
        }
    }

    /// <summary>Removes a slot that never entered the swarm and releases its source frame; false when it was not open.</summary>
    public bool Withdraw(long sequence)
    {
        lock (_sync)
        {
            if (!_slots.Remove(sequence, out var withdrawn))
            {
                return false;
            }

            withdrawn.Source?.Release();
            return true;
        }
    }

    /// <summary>Runs <paramref name="update"/> on slot <paramref name="sequence"/> under the lock; false when that slot is not open (closed already, or never opened).</summary>
    public bool Update(long sequence, Action<Slot> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_sync)
        {
            if (!_slots.TryGetValue(sequence, out var slot))
            {
                return false;
            }

            update(slot);
            return true;
        }
    }

    /// <summary>Removes and returns the next slot in order when <paramref name="ready"/> says it may close (judged under the lock); <c>null</c> otherwise. Call <see cref="Closed"/> once it is closed.</summary>
    public Slot? TakeNext(Func<Slot, bool> ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        lock (_sync)
        {
            if (!_slots.TryGetValue(NextToClose, out var slot) || !ready(slot))
            {
                return null;
            }

            _slots.Remove(NextToClose);
            return slot;
        }
    }

    /// <summary>The slot taken by <see cref="TakeNext"/> is closed: the next one is due.</summary>
    public void Closed() => NextToClose++;

    /// <summary>The analyzers' reports of every open slot, in order: what is coming.</summary>
    public List<ContentReport> Upcoming()
    {
        lock (_sync)
        {
            return [.. _slots.Values.Select(s => s.Content)];
        }
    }

    /// <summary>Releases every open slot's source frame and forgets them (the run is over).</summary>
    public void Clear()
    {
        lock (_sync)
        {
            foreach (var slot in _slots.Values)
            {
                slot.Source?.Release();
            }

            _slots.Clear();
        }
    }
}
