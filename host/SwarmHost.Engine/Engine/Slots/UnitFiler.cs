using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;

namespace SwarmHost.Engine.Slots;

/// <summary>
/// Files each unit an encoder delivers into its slot: usable, bad (verification refused it; the
/// first three of an encoder are <c>bad-unit</c> events) or late (past its deadline, or its slot has
/// already closed). Every unit counts in its encoder's tally. Coordinator thread only.
/// </summary>
/// <param name="slots">The slot book.</param>
/// <param name="timing">The deadlines.</param>
/// <param name="roster">The encoders' tallies.</param>
/// <param name="events">The run's events.</param>
internal sealed class UnitFiler(SlotBook slots, SlotTiming timing, EncoderRoster roster, EventLog events)
{
    /// <summary>Files the unit of <paramref name="message"/> from <paramref name="worker"/>.</summary>
    public void File(IEncoderLane worker, LaneMessage message)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(message);
        var unit = message.Unit!;
        var tally = roster.Tally(worker.Id);
        tally.Bytes += unit.Data.Length;
        tally.InstanceDelivered = true;
        var open = slots.Update(unit.Sequence, slot =>
        {
            if (message.Problem is not null)
            {
                tally.Bad++;
                slot.Problems[worker.Id] = message.Problem;
                if (tally.Bad <= 3)
                {
                    events.Write(new BadUnitEvent(worker.Id, message.Problem) { Sequence = unit.Sequence });
                }
            }
            else if (timing.IsLate(worker, slot, message.ArrivalTicks))
            {
                tally.Late++;
                slot.Problems[worker.Id] = "late";
            }
            else
            {
                slot.Units[worker.Id] = unit;
                slot.Quality[worker.Id] = (message.Psnr, message.Ssim);
                if (tally.UnitLatencyMs.Count < 100_000)
                {
                    tally.UnitLatencyMs.Add((message.ArrivalTicks - slot.ArrivalTicks) * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
                }
            }
        });
        if (!open && message.Problem is null)
        {
            tally.Late++; // its slot is already closed
        }
    }
}
