using SwarmHost.Engine.Lanes;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Slots;

/// <summary>
/// When a slot may close. Live (real-time or network input): an expected encoder that has not
/// delivered has missed the slot once its deadline passed — the frame's arrival + the encoder's
/// delay × the frame interval + the latency budget. As fast as possible (a file): there is no
/// wall-clock deadline — the swarm waits for its encoders — and an encoder has missed the slot
/// once it has taken frames well past it (its delay plus <see cref="ReorderSlack"/>) without a unit
/// for it. Hangs are the watchdog's business either way. Once the input has ended, no later frame
/// pushes out the units an encoder's delay holds back: its flush does, so a live slot's deadline
/// is at least the end + twice the budget (once for the flushed units to cross, once for a node to
/// learn of the end from its relayed stream).
/// </summary>
/// <param name="live">Whether the input is live.</param>
/// <param name="frameTicks">The frame interval (Stopwatch ticks).</param>
/// <param name="budgetTicks">The latency budget (Stopwatch ticks).</param>
/// <param name="inputEndedTicks">When the input ended (Stopwatch ticks), 0 while it runs.</param>
internal sealed class SlotTiming(bool live, long frameTicks, long budgetTicks, Func<long> inputEndedTicks)
{
    /// <summary>Frames an encoder may be past a frame before a missing unit for it counts as missed (covers decoder reordering during verification).</summary>
    public const int ReorderSlack = 16;

    /// <summary>Whether the input is live (deadlines by the wall clock).</summary>
    public bool Live => live;

    /// <summary>The latest a unit of <paramref name="worker"/> for <paramref name="slot"/> may arrive (Stopwatch ticks).</summary>
    public long Deadline(IEncoderLane worker, Slot slot)
    {
        var deadline = slot.ArrivalTicks + ((worker.Session?.DelayFrames ?? 0) * frameTicks) + budgetTicks;
        var ended = inputEndedTicks();
        return ended == 0 ? deadline : Math.Max(deadline, ended + (2 * budgetTicks));
    }

    /// <summary>Whether a unit that arrived at <paramref name="arrivalTicks"/> is too late for <paramref name="slot"/> (live only).</summary>
    public bool IsLate(IEncoderLane worker, Slot slot, long arrivalTicks) => live && arrivalTicks > Deadline(worker, slot);

    /// <summary>Whether every encoder expected in <paramref name="slot"/> delivered, failed, finished, or missed it at <paramref name="nowTicks"/>.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="nowTicks">Now (Stopwatch ticks).</param>
    /// <param name="finished">Whether an instance has finished (flushed after the input ended).</param>
    public bool Ready(Slot slot, long nowTicks, Func<IEncoderLane, bool> finished) =>
        slot.Expected.All(w => w.State == EncoderState.Failed || slot.Units.ContainsKey(w.Id) || slot.Problems.ContainsKey(w.Id) || finished(w)
            || (w.Session is { } session && (live ? nowTicks > Deadline(w, slot) : w.ObservedSequence > slot.Sequence + session.DelayFrames + ReorderSlack)));
}
