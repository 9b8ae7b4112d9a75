using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Feedback;
using SwarmHost.Pipeline;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Output;

/// <summary>
/// The output side of the swarm: writes what the combiner emits to the sink (one picture per slot;
/// a second unit for a written slot is counted as a duplicate and not written), feeds the output
/// quality meter, and keeps the output's audit — written slots, repeats, leader and handovers. A
/// sink that refuses a write (a full disk) fails the run; what was written stays valid. Coordinator
/// thread only.
/// </summary>
/// <param name="sink">The output.</param>
/// <param name="meter">The output quality meter, or <c>null</c> when the output is not verified (owned by the caller).</param>
/// <param name="roster">The encoders (each id's lead count is kept in its tally).</param>
/// <param name="frameLog">Told which encoder each written slot was taken from (for the oracle's comparison).</param>
/// <param name="events">The run's events.</param>
internal sealed class OutputStage(IUnitSink sink, OutputQualityMeter? meter, EncoderRoster roster, EncoderFrameLog frameLog, EventLog events)
{
    private readonly long[] _holds = new long[1024]; // units written by how many slots the combiner held them (the last counts every longer hold)
    private readonly SortedSet<long> _gaps = [];
    private long _highestWritten = -1;
    private bool _broken;

    /// <summary>Slots written.</summary>
    public long Written => _highestWritten + 1 - _gaps.Count;

    /// <summary>Source frames missing from the output so far: slots below the highest written one that were not written.</summary>
    public long Lost => _gaps.Count;

    /// <summary>Second units for a slot already written (not written).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Slots the combiner filled by repeating a picture because no encoder delivered.</summary>
    public long Repeated { get; private set; }

    /// <summary>Changes of the encoder the output is taken from.</summary>
    public long Handovers { get; private set; }

    /// <summary>Those of <see cref="Handovers"/> made at the frame and to the encoder a plan named (a scheduled switch, or a leader change of the policy).</summary>
    public long PlannedHandovers { get; private set; }

    /// <summary>Frames written from the host's failure bridge.</summary>
    public long BridgedFrames { get; private set; }

    /// <summary>The handovers planned at given frames (scheduled in the manifest, or by the policy).</summary>
    public required HandoverPlan Planned { get; init; }

    /// <summary>The encoder the output is taken from now, or <c>null</c> before the first unit.</summary>
    public string? Leader { get; private set; }

    /// <summary>The most slots the combiner held a unit back before emitting it.</summary>
    public long CombinerHold { get; private set; }

    /// <summary>The median of how many slots the combiner held each unit it wrote (the steady state; <see cref="CombinerHold"/> is the most).</summary>
    public long MedianCombinerHold
    {
        get
        {
            var half = (_holds.Sum() + 1) / 2;
            for (var (hold, seen) = (0, 0L); hold < _holds.Length; hold++)
            {
                seen += _holds[hold];
                if (seen >= half && seen > 0)
                {
                    return hold;
                }
            }

            return 0;
        }
    }

    /// <summary>Why the output failed, or <c>null</c>.</summary>
    public string? Failure { get; private set; }

    /// <summary>Carries the source's audio and subtitles beside the written pictures, or <c>null</c> for a video-only output.</summary>
    public TrackAligner? Tracks { get; init; }

    /// <summary>Writes a combiner's output and keeps the audit.</summary>
    /// <param name="output">What the combiner emitted.</param>
    /// <param name="closing">The slot whose closing produced <paramref name="output"/> (how long the combiner held each unit is measured from it); <c>null</c> at the final flush.</param>
    public void Write(CombinerOutput output, long? closing = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var unit in output.Units)
        {
            if (closing is { } now)
            {
                CombinerHold = Math.Max(CombinerHold, now - unit.Sequence);
                _holds[Math.Clamp(now - unit.Sequence, 0, _holds.Length - 1)]++;
            }

            if (unit.Sequence <= _highestWritten && !_gaps.Contains(unit.Sequence))
            {
                Duplicates++;
                continue;
            }

            var failure = _broken ? "the output failed earlier" : OutputWriter.Write(sink, unit, events);
            if (failure is not null)
            {
                _broken = true;
                Failure ??= failure;
                return;
            }

            meter?.Written(unit);
            Tracks?.VideoWritten(unit.Sequence, unit.PtsNs);
            MarkWritten(unit.Sequence);
            if (unit.EncoderId == CombinerSlot.BridgeId)
            {
                BridgedFrames++; // the bridge leads no handover: the output moves from the encoder that broke to the one after the bridge
                continue;
            }

            if ((roster.Tallies.ContainsKey(unit.EncoderId) ? unit.EncoderId : output.Leader) is { } taken) // a unit passed through names its encoder; one a combiner made stands for its leader
            {
                frameLog.RecordOutput(unit.Sequence, taken);
                if (roster.Tallies.TryGetValue(taken, out var tally))
                {
                    tally.Lead++;
                }

                Lead(taken, unit.Sequence);
            }
        }

        WriteTracks(final: closing is null);
        Repeated += output.InsertedFrames;
        if (output.Units.Count == 0 && output.Leader is { } declared && declared != CombinerSlot.BridgeId)
        {
            Lead(declared, null);
        }
    }

    /// <summary>The output is taken from <paramref name="encoder"/> from frame <paramref name="sequence"/> on (a unit of it was written): a handover when another led.</summary>
    private void Lead(string encoder, long? sequence)
    {
        if (encoder == Leader)
        {
            return;
        }

        if (Leader is not null)
        {
            var planned = sequence is { } frame && Planned.IsPlanned(frame, encoder);
            Handovers++;
            PlannedHandovers += planned ? 1 : 0;
            events.Write(new HandoverEvent(Leader, encoder, planned) { Sequence = sequence });
        }

        Leader = encoder;
    }

    /// <summary>Writes the audio and subtitles the written pictures cover (all of them at the end); a refusal fails the output as a picture's would.</summary>
    private void WriteTracks(bool final)
    {
        if (Tracks is not { } tracks || _broken || OutputWriter.Attempt(() => tracks.Advance(final), events, null) is not { } failure)
        {
            return;
        }

        _broken = true;
        Failure ??= failure;
    }

    /// <summary>Keeps the written slots as the highest one and the gaps below it, so the audit's memory grows with the loss, not with the run.</summary>
    private void MarkWritten(long sequence)
    {
        if (sequence <= _highestWritten)
        {
            _gaps.Remove(sequence);
            return;
        }

        for (var gap = _highestWritten + 1; gap < sequence; gap++)
        {
            _gaps.Add(gap);
        }

        _highestWritten = sequence;
    }

    /// <summary>Hands a closing slot's source picture to the quality meter (which releases it once scored), or releases it.</summary>
    public void Expect(VideoFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (meter is not null)
        {
            meter.Expect(source);
        }
        else
        {
            source.Release();
        }
    }

    /// <summary>Writes an <c>output-quality</c> event for the output pictures scored since the last one, if any.</summary>
    public void ReportQuality(long? sequence)
    {
        if (meter?.TakeWindow() is not { } window)
        {
            return;
        }

        events.Write(new OutputQualityEvent(window.First, window.Last, window.Frames, Math.Round(window.MeanPsnr, 2), window.MeanSsim is { } ssim ? Math.Round(ssim, 5) : null) { Sequence = sequence });
    }

    /// <summary>The output's quality over the run, and the meter's cost per picture (ms).</summary>
    public (QualityFigures Quality, double CostMs) FinishQuality() => (meter?.Finish() ?? QualityFigures.None, meter?.CostMs ?? 0);
}
