using System.Collections.Concurrent;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// The ring slots one lane holds (a slot may be held more than once: a frame offered again after a
/// refusal). What the lane releases goes back to the ring; when the lane ends or is given up on,
/// everything it still holds does. A lane cannot release what it does not hold.
/// </summary>
/// <param name="ring">The ring the slots belong to.</param>
internal sealed class HeldSlots(FrameRing ring)
{
    private readonly ConcurrentDictionary<int, int> _held = new(); // slot → times held

    /// <summary>The lane took <paramref name="slot"/>.</summary>
    public void Take(int slot) => _held.AddOrUpdate(slot, 1, (_, n) => n + 1);

    /// <summary>The lane is done with <paramref name="slot"/> once.</summary>
    public void Release(int slot)
    {
        if (_held.TryGetValue(slot, out var n) && n > 0 && _held.TryUpdate(slot, n - 1, n))
        {
            ring.Release(slot);
        }
    }

    /// <summary>Gives back every slot still held.</summary>
    public void ReleaseAll()
    {
        foreach (var slot in _held.Keys)
        {
            while (_held.TryGetValue(slot, out var n) && n > 0)
            {
                Release(slot);
            }
        }
    }
}
