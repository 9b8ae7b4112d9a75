using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;

namespace SwarmHost.Engine.Audit;

/// <summary>
/// Notices each change of the clock's state (a source lost: Holdover; found again: Synchronised):
/// a <c>clock-state</c> event and a line in the summary. Frames keep being stamped either way: on
/// holdover the clock runs on its last frequency estimate, and the swarm goes on. Coordinator thread only.
/// </summary>
/// <param name="clock">The run's clock.</param>
/// <param name="events">The run's events.</param>
/// <param name="startedTicks">When the run started (Stopwatch ticks).</param>
internal sealed class ClockStateLog(IClock clock, EventLog events, long startedTicks)
{
    private readonly List<ClockTransition> _transitions = [];
    private ClockState _last = clock.Status.State;

    /// <summary>Every change seen so far.</summary>
    public IReadOnlyList<ClockTransition> Transitions => _transitions;

    /// <summary>Looks at the clock once; <paramref name="nextSequence"/> is the frame the change is logged at.</summary>
    public void Check(long nextSequence)
    {
        var status = clock.Status;
        if (status.State == _last)
        {
            return;
        }

        var elapsed = Math.Round(Stopwatch.GetElapsedTime(startedTicks).TotalMilliseconds, 1);
        _transitions.Add(new ClockTransition(nextSequence, elapsed, _last.ToString(), status.State.ToString(), status.Source));
        events.Write(new ClockStateEvent(
            _last.ToString(),
            status.State.ToString(),
            status.Source,
            status.OffsetNs,
            status.DelayNs,
            status.Detail,
            status.State == ClockState.Holdover ? "the clock's source went silent; frames are stamped on its last frequency estimate and the swarm goes on" : null)
        {
            Sequence = nextSequence,
        });
        _last = status.State;
    }
}
