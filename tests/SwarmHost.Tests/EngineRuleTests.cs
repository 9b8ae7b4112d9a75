using System.Diagnostics;
using SwarmHost.Engine;
using SwarmHost.Engine.Health;

namespace SwarmHost.Tests;

/// <summary>The watchdog's hang rule and the rejoin back-off, as pure rules.</summary>
public sealed class EngineRuleTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void An_encoder_starved_together_with_all_the_others_at_start_up_is_not_a_hang()
    {
        var limit = Second / 10; // 100 ms
        var call = 1000 * Second;

        // nobody has progressed since the call began (all starved): not after ten limits, not after 30 s of start-up
        Assert.False(HangRule.IsHang(call + (11 * limit), call, limit, othersProgressedTicks: 0, finishedAFrame: false));
        Assert.False(HangRule.IsHang(call + (30 * Second), call, limit, othersProgressedTicks: call - 1, finishedAFrame: false));
        // the others worked during it: a hang once the first call's grace has passed, not at its limit (it may hold the encoder's start-up work)
        Assert.False(HangRule.IsHang(call + (2 * limit), call, limit, othersProgressedTicks: call + limit + 1, finishedAFrame: false));
        Assert.True(HangRule.IsHang(call + (11 * Second), call, limit, othersProgressedTicks: call + (10 * Second), finishedAFrame: false));
        // a call that has stopped the whole swarm for longer than the start-up grace is one anyway
        Assert.True(HangRule.IsHang(call + (61 * Second), call, limit, othersProgressedTicks: 0, finishedAFrame: false));
    }

    [Fact]
    public void An_encoder_whose_first_call_holds_up_the_others_after_they_worked_is_a_hang_after_the_first_call_grace()
    {
        var limit = Second / 10;
        var call = 1000 * Second;
        var othersWorkedDuringIt = call + (limit / 2); // then they wait for input the intake cannot give while this call holds a full queue

        Assert.False(HangRule.IsHang(call + (9 * Second), call, limit, othersWorkedDuringIt, finishedAFrame: false));
        Assert.True(HangRule.IsHang(call + (11 * Second), call, limit, othersWorkedDuringIt, finishedAFrame: false));
    }

    [Fact]
    public void After_its_first_frame_an_encoder_alone_without_progress_is_a_hang_after_ten_limits()
    {
        var limit = Second / 10;
        var call = 1000 * Second;

        Assert.False(HangRule.IsHang(call + limit, call, limit, 0, finishedAFrame: true));
        Assert.False(HangRule.IsHang(call + (9 * limit), call, limit, 0, finishedAFrame: true));
        Assert.True(HangRule.IsHang(call + (11 * limit), call, limit, 0, finishedAFrame: true));
        Assert.False(HangRule.IsHang(call + (100 * Second), 0, limit, 0, finishedAFrame: true)); // no call running
        Assert.Equal(8 * Second, HangRule.Limit(Second / 10, 1000)); // 8× its own longest recent call
    }

    [Fact]
    public void A_rejoin_that_cannot_open_is_retried_with_a_doubling_cool_down()
    {
        var schedule = new RejoinSchedule(10);

        Assert.Equal(10, schedule.Schedule("a", 100, couldNotOpen: false));
        Assert.Empty(schedule.TakeDue(109));
        Assert.Equal(["a"], schedule.TakeDue(110));
        Assert.Equal(10, schedule.Schedule("a", 110, couldNotOpen: true));
        Assert.Equal(20, schedule.Schedule("a", 120, couldNotOpen: true));
        Assert.Equal(40, schedule.Schedule("a", 140, couldNotOpen: true));
        Assert.Equal(3, schedule.FailedOpens("a"));
        for (var i = 0; i < 5; i++)
        {
            schedule.Schedule("a", 0, couldNotOpen: true);
        }

        Assert.Equal(160, schedule.Schedule("a", 0, couldNotOpen: true)); // at most 16× the cool-down
        Assert.Equal(10, schedule.Schedule("a", 0, couldNotOpen: false)); // it opened and failed later: back to the cool-down
        Assert.False(new RejoinSchedule(0).Enabled);
    }

    [Fact]
    public void Only_an_encoder_slow_against_the_swarm_is_failed_for_speed()
    {
        const double frameMs = 33.3;

        // slow against a twice-as-fast neighbour: failed
        Assert.True(SlownessRule.FailsForSpeed(90, frameMs, [20, 80]));
        // every encoder slowed together (a machine short of CPU): none failed
        Assert.False(SlownessRule.FailsForSpeed(90, frameMs, [70, 80]));
        // carrying the output alone: never failed for speed
        Assert.False(SlownessRule.FailsForSpeed(500, frameMs, []));
        // within two frame intervals: not failed, however fast the others are
        Assert.False(SlownessRule.FailsForSpeed(60, frameMs, [5]));
        // neighbours without enough calls yet (0) are no evidence
        Assert.False(SlownessRule.FailsForSpeed(90, frameMs, [0]));
    }
}
