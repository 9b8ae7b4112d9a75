using System.Diagnostics;
using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Slots;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Health;

/// <summary>
/// The swarm's health monitor: moves each encoder between Joining, Active, Degraded and Failed
/// from what its slots show (hits, misses, speed against the frame rate and against the rest of
/// the swarm, bitrate against its target), fails a hung call by <see cref="HangRule"/>, and
/// schedules a failed id's fresh instance after the cool-down (<see cref="RejoinSchedule"/>).
/// Every state change is an <c>encoder-state</c> event. Coordinator thread only.
/// </summary>
internal sealed class HealthMonitor
{
    private readonly EncoderRoster _roster;
    private readonly SlotBook _slots;
    private readonly EventLog _events;
    private readonly OutputProfile _profile;
    private readonly HangLimits _hangLimits;
    private readonly int _failAfterMisses;
    private readonly int _startUpMisses;
    private readonly Func<string, double?> _targetBitrate;

    /// <summary>Prepares the monitor.</summary>
    /// <param name="roster">The encoders.</param>
    /// <param name="slots">The slot book (a rejoin is scheduled from its next slot to close).</param>
    /// <param name="events">The run's events.</param>
    /// <param name="profile">The output profile (frame rate, GOP).</param>
    /// <param name="hangLimits">The hang limits of local and remote lanes.</param>
    /// <param name="failAfterMisses">Slots missed in a row that fail an encoder.</param>
    /// <param name="live">Whether slots have wall-clock deadlines: then a fresh instance that has delivered nothing yet may miss <see cref="StartUpAllowance"/> of slots (as fast as possible, a lane that has not started takes no frames, so it misses none).</param>
    /// <param name="rejoins">The rejoin schedule.</param>
    /// <param name="targetBitrate">An encoder id's target bitrate in bit/s, or <c>null</c> when it has none.</param>
    public HealthMonitor(EncoderRoster roster, SlotBook slots, EventLog events, OutputProfile profile, HangLimits hangLimits, int failAfterMisses, bool live, RejoinSchedule rejoins, Func<string, double?> targetBitrate)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _roster = roster;
        _slots = slots;
        _events = events;
        _profile = profile;
        _hangLimits = hangLimits;
        _failAfterMisses = failAfterMisses;
        _startUpMisses = live ? (int)Math.Ceiling(StartUpAllowance.TotalMilliseconds / (profile.FrameRate.PeriodNanoseconds() / 1e6)) : 0;
        Rejoins = rejoins;
        _targetBitrate = targetBitrate;
    }

    /// <summary>The rejoin schedule.</summary>
    public RejoinSchedule Rejoins { get; }

    /// <summary>How long each hung call had run when it was found (ms).</summary>
    public List<double> HangDetectionsMs { get; } = [];

    /// <summary>How long a fresh instance that has delivered no unit yet may miss its slots before it fails.</summary>
    public static readonly TimeSpan StartUpAllowance = TimeSpan.FromSeconds(10);

    /// <summary>The limit each hung call was judged by (ms).</summary>
    public List<double> HangLimitsMs { get; } = [];

    private double FrameMs => _profile.FrameRate.PeriodNanoseconds() / 1e6;

    private double Fps => (double)_profile.FrameRate.Numerator / _profile.FrameRate.Denominator;

    /// <summary>Fails every live encoder whose call has not returned within its limit, by <see cref="HangRule"/>.</summary>
    public void Watchdog()
    {
        var now = Stopwatch.GetTimestamp();
        var live = _roster.Live;
        foreach (var worker in live)
        {
            var call = worker.CallStartedTicks;
            var limit = HangRule.Limit(_hangLimits.For(worker), worker.RecentLongestMs);
            var others = live.Where(o => !ReferenceEquals(o, worker)).Select(o => o.LastProgressTicks).DefaultIfEmpty(0).Max();
            if (HangRule.IsHang(now, call, limit, others, worker.Calls > 0))
            {
                var ms = Ms(now - call);
                HangDetectionsMs.Add(ms);
                HangLimitsMs.Add(Ms(limit));
                Fail(worker, $"hang: a call has not returned for {ms:F0} ms (limit {Ms(limit):F0} ms)", Math.Max(worker.CurrentSequence, worker.StartSequence));
            }
        }
    }

    /// <summary>Counts the closing <paramref name="slot"/> as a hit or a miss of every encoder expected in it, and judges each.</summary>
    public void Score(Slot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        foreach (var worker in slot.Expected.Where(w => w.State != EncoderState.Failed))
        {
            var tally = _roster.Tally(worker.Id);
            if (slot.Units.TryGetValue(worker.Id, out var used))
            {
                tally.RecentBytes.Enqueue(used.Data.Length);
                while (tally.RecentBytes.Count > 2 * _profile.Gop)
                {
                    tally.RecentBytes.Dequeue();
                }

                tally.Used++;
                tally.ConsecutiveMisses = 0;
                tally.ConsecutiveHits++;
                tally.Recent.Enqueue(true);
            }
            else
            {
                tally.Missed++;
                tally.ConsecutiveMisses++;
                tally.ConsecutiveHits = 0;
                tally.Recent.Enqueue(false);
            }

            while (tally.Recent.Count > 30)
            {
                tally.Recent.Dequeue();
            }

            Assess(worker, tally, slot);
        }
    }

    /// <summary>Fails <paramref name="worker"/>: it is abandoned, its weight goes to the others, and a fresh instance is scheduled unless the input has ended.</summary>
    public void Fail(IEncoderLane worker, string reason, long sequence)
    {
        ArgumentNullException.ThrowIfNull(worker);
        // could not open, or a fresh instance failed before its first GOP (a lane crashing again and again): the rejoin backs off
        var neverStarted = worker.Session is null || (worker.State == EncoderState.Joining && worker.Generation > 1);
        Transition(worker, EncoderState.Failed, sequence, reason);
        worker.Abandon();
        var tally = _roster.Tally(worker.Id);
        tally.Failures++;
        tally.LastFailure = reason;
        _roster.Weights.Remove(worker.Id);
        if (worker.CallStartedTicks != 0 && worker.ProcessId == 0) // a process lane is killed instead
        {
            _events.Write(new ThreadAbandonedEvent(worker.Id, worker.Generation, "its thread stays blocked in the call until the process ends; counted in the summary (abandonedThreads)") { Sequence = sequence });
        }

        if (Rejoins.Enabled && !_roster.IsComplete)
        {
            var wait = Rejoins.Schedule(worker.Id, Math.Max(sequence, _slots.NextToClose), neverStarted);
            if (neverStarted && worker.Generation > 1)
            {
                _events.Write(new RejoinFailedEvent(worker.Id, worker.Generation, Rejoins.FailedOpens(worker.Id), reason, wait) { Sequence = sequence });
            }
        }
    }

    /// <summary>The ids whose fresh instance is due now; none once the input has ended.</summary>
    public IReadOnlyList<string> DueRejoins()
    {
        if (_roster.IsComplete)
        {
            Rejoins.Clear();
            return [];
        }

        return Rejoins.TakeDue(_slots.NextToClose);
    }

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);

    /// <summary>
    /// The misses in a row that fail <paramref name="worker"/>: <c>failAfterMisses</c>; with live
    /// deadlines, for a fresh instance that has delivered nothing yet, at least
    /// <see cref="StartUpAllowance"/> of slots — a lane's first unit waits for its process to
    /// start, and on a node for the relay's connection and the stream's probe too, while the
    /// others carry the output.
    /// </summary>
    private int MissLimit(IEncoderLane worker, EncoderTally tally) =>
        worker.State == EncoderState.Joining && !tally.InstanceDelivered ? Math.Max(_failAfterMisses, _startUpMisses) : _failAfterMisses;

    private void Assess(IEncoderLane worker, EncoderTally tally, Slot slot)
    {
        var window = worker.RecentCalls;
        var meanMs = window >= 30 ? worker.RecentMeanMs : 0;
        var tooSlow = meanMs > FrameMs;
        var others = _roster.Current.Where(w => !ReferenceEquals(w, worker) && w.State != EncoderState.Failed && w.RecentCalls >= 30).Select(w => w.RecentMeanMs);
        if (SlownessRule.FailsForSpeed(meanMs, FrameMs, others))
        {
            Fail(worker, string.Create(CultureInfo.InvariantCulture, $"too slow: {meanMs:F1} ms per frame over its last {window} frames, more than two {FrameMs:F1} ms frame intervals"), slot.Sequence);
        }
        else if (tooSlow && worker.State == EncoderState.Active)
        {
            Transition(worker, EncoderState.Degraded, slot.Sequence, string.Create(CultureInfo.InvariantCulture, $"too slow for real time: {meanMs:F1} ms per frame against a {FrameMs:F1} ms frame interval"));
        }
        else if (tally.ConsecutiveMisses >= MissLimit(worker, tally))
        {
            var why = slot.Problems.TryGetValue(worker.Id, out var problem) ? problem : "no unit";
            Fail(worker, $"no usable unit for {tally.ConsecutiveMisses} consecutive slots (last: {why})", slot.Sequence);
        }
        else if (tally.ConsecutiveMisses > 0 && worker.State is EncoderState.Active)
        {
            Transition(worker, EncoderState.Degraded, slot.Sequence, slot.Problems.TryGetValue(worker.Id, out var problem) ? problem : "missed its deadline");
        }
        else if (worker.State == EncoderState.Joining && tally.ConsecutiveHits >= _profile.Gop)
        {
            Transition(worker, EncoderState.Active, slot.Sequence, "first GOP complete and verified");
        }
        else if ((slot.Sequence + 1) % _profile.Gop == 0 && BitrateProblem(worker.Id, tally) is { } bitrate)
        {
            tally.BitrateOff = true;
            if (worker.State == EncoderState.Active)
            {
                Transition(worker, EncoderState.Degraded, slot.Sequence, bitrate);
            }
        }
        else if (worker.State == EncoderState.Degraded && tally.ConsecutiveHits >= _profile.Gop && !tally.BitrateOff && !tooSlow)
        {
            Transition(worker, EncoderState.Active, slot.Sequence, "a whole GOP on time and good");
        }
    }

    /// <summary>
    /// "Bitrate far off target": over the last two GOPs an encoder with a target bitrate produced
    /// more than 4× of it. (Less is not a fault: calm content legitimately needs far less than the
    /// target.) The health monitor may read configuration; weighting policies never do.
    /// </summary>
    private string? BitrateProblem(string id, EncoderTally tally)
    {
        if (tally.RecentBytes.Count < 2 * _profile.Gop || _targetBitrate(id) is not { } target)
        {
            tally.BitrateOff = false;
            return null;
        }

        var measured = tally.RecentBytes.Sum() * 8.0 * Fps / tally.RecentBytes.Count;
        if (measured <= 4 * target)
        {
            tally.BitrateOff = false;
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"bitrate far off target: {measured / 1000:F0} kbit/s against {target / 1000:F0} kbit/s over the last two GOPs");
    }

    private void Transition(IEncoderLane worker, EncoderState state, long sequence, string reason)
    {
        var from = worker.State;
        worker.State = state;
        _events.Write(new EncoderStateEvent(worker.Id, worker.Generation, from.ToString(), state.ToString(), reason, worker.ProcessId == 0 ? null : worker.ProcessId) { Sequence = sequence });
    }
}
