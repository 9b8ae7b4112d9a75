using System.Diagnostics;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Health;
using SwarmHost.Engine.Intake;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Output;
using SwarmHost.Engine.Slots;
using SwarmHost.Engine.Weights;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Coordination;

/// <summary>
/// The coordinator loop: reads what the lanes post, runs the watchdog, closes every slot that is
/// ready in order (score, weights, GOP statistics, combiner, output), starts due rejoins and
/// publishes the figures, until the input has ended and every slot is closed, or the run fails.
/// Runs on the caller of <see cref="RunAsync"/>; <see cref="Error"/> and <see cref="Latest"/> may
/// be read from any thread.
/// </summary>
/// <param name="stages">The stages it moves messages and slots between.</param>
/// <param name="profile">The output profile (GOP length, frame rate).</param>
/// <param name="clock">The run's clock (its state goes into the figures and the clock events).</param>
/// <param name="started">Stopwatch ticks when the run started.</param>
internal sealed class SwarmCoordinator(SwarmStages stages, OutputProfile profile, IClock clock, long started)
{
    private readonly double _frameMs = profile.FrameRate.PeriodNanoseconds() / 1e6;
    private readonly double _fps = (double)profile.FrameRate.Numerator / profile.FrameRate.Denominator;
    private readonly ClockStateLog _clockStates = new(clock, stages.Events, started);
    private long _publishedThrough = -1;
    private SwarmMetricsSnapshot? _latest;
    private volatile string? _error;

    /// <summary>Why the run failed, or <c>null</c>; once set the loop ends and the intake stops.</summary>
    public string? Error
    {
        get => _error;
        set => _error ??= value;
    }

    /// <summary>The figures published last (once per closed slot).</summary>
    public SwarmMetricsSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>The clock's state changes seen during the run.</summary>
    public IReadOnlyList<ClockTransition> ClockTransitions => _clockStates.Transitions;

    /// <summary>The clocks of the nodes running remote lanes, or <c>null</c> when no lane runs on a node.</summary>
    public NodeClockLog? NodeClocks { get; init; }

    /// <summary>Called about once a second with a one-line progress text.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>The handovers planned at given frames (scheduled in the manifest, or by the policy); passed to the combiner with the slot.</summary>
    public required HandoverPlan Handovers { get; init; }

    /// <summary>Bridges a break of the output the combiner asks for.</summary>
    public required FailureBridge Bridge { get; init; }

    /// <summary>Runs the loop until every slot is closed after the input ended, or <see cref="Error"/> is set.</summary>
    public async Task RunAsync(IOutputCombiner combiner)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        var roster = stages.Roster;
        Publish();
        while (true)
        {
            foreach (var worker in roster.Current)
            {
                worker.ObservedSequence = worker.CurrentSequence; // sampled before the messages it posted so far are read
            }

            while (stages.Messages.TryRead(out var message))
            {
                Handle(message);
            }

            stages.Health.Watchdog();
            CloseReadySlots(combiner);
            Error = stages.Output.Failure ?? stages.Intake.Failure;
            stages.Launcher.Rejoin(stages.Numbering.Next);
            if (stages.Slots.NextToClose != _publishedThrough)
            {
                Publish();
            }

            var done = roster.IsComplete && stages.Slots.Count == 0 && roster.Current.All(w => w.State == EncoderState.Failed || roster.Tally(w.Id).Finished.Contains(w.Generation));
            if (!done && Error is null && roster.Current.All(w => w.State == EncoderState.Failed) && stages.Health.Rejoins.Pending == 0)
            {
                Error = "every encoder failed: " + string.Join("; ", roster.Tallies.Select(t => $"'{t.Key}': {t.Value.LastFailure}"));
            }

            if (done || Error is not null)
            {
                return;
            }

            _clockStates.Check(stages.Numbering.Next);
            NodeClocks?.Check(stages.Numbering.Next);
            if (Progress is not null && Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(1))
            {
                lastProgress = Stopwatch.GetTimestamp();
                Progress(stages.Audit.ProgressLine(Stopwatch.GetElapsedTime(started).TotalSeconds));
            }

            var wait = stages.Messages.WaitToReadAsync().AsTask();
            await Task.WhenAny(wait, Task.Delay(5)).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes the swarm's figures as one immutable snapshot.</summary>
    public void Publish()
    {
        Volatile.Write(ref _latest, stages.Audit.Snapshot(clock.Status) with { NodeClocks = NodeClocks?.Snapshot ?? [] });
        _publishedThrough = stages.Slots.NextToClose;
    }

    private void Handle(LaneMessage message)
    {
        var worker = message.Worker;
        var current = stages.Roster.IsCurrent(worker);
        switch (message.Kind)
        {
            case LaneMessageKind.Opened:
                stages.Launcher.LimitQueue(worker); // a rejoining instance: now that its delay is known
                break;
            case LaneMessageKind.Failed:
                if (current && worker.State != EncoderState.Failed)
                {
                    stages.Health.Fail(worker, message.Problem ?? "failed", Math.Max(worker.CurrentSequence, worker.StartSequence));
                }

                break;
            case LaneMessageKind.Finished:
                stages.Roster.Tally(worker.Id).Finished.Add(worker.Generation);
                break;
            case LaneMessageKind.Unit when current && worker.State != EncoderState.Failed:
                stages.Filer.File(worker, message);
                break;
        }
    }

    private void CloseReadySlots(IOutputCombiner combiner)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (stages.Slots.TakeNext(slot => stages.Timing.Ready(slot, now, w => stages.Roster.Tally(w.Id).Finished.Contains(w.Generation))) is not { } slot)
            {
                return;
            }

            Close(slot, combiner);
            stages.Slots.Closed();
        }
    }

    private void Close(Slot slot, IOutputCombiner combiner)
    {
        stages.Health.Score(slot);
        Handovers.OutputLeader = stages.Output.Leader;
        var weights = stages.Weighting.Decide(slot);
        if ((slot.Sequence + 1) % profile.Gop == 0)
        {
            foreach (var worker in stages.Roster.Live)
            {
                stages.Events.Write(stages.Roster.Tally(worker.Id).Feedback.CloseGop(worker.Id, _frameMs, _fps, worker.CpuMs, worker.Calls, worker.QualityMs, worker.ResidentMb) with { Sequence = slot.Sequence });
            }

            stages.Output.ReportQuality(slot.Sequence);
        }

        if (slot.Source is { } source)
        {
            slot.Source = null;
            Bridge.Keep(source);
            stages.Output.Expect(source);
        }

        var combined = new CombinerSlot(slot.Sequence, slot.TimestampNs, slot.Units, weights, slot.Content) { SwitchTo = Handovers.SwitchAt(slot.Sequence), Bridge = Bridge.UnitsFor(slot.Sequence) };
        var output = combiner.Combine(combined);
        stages.Output.Write(output, slot.Sequence);
        if (output.BridgeFrom is { } from)
        {
            Bridge.Start(from, slot.Sequence, output.Leader);
        }

        Handovers.Forget(slot.Sequence - (4 * profile.Gop)); // the output credits a handover within a GOP or two of its frame
    }
}
