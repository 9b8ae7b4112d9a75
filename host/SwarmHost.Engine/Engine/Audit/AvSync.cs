using System.Globalization;
using SwarmHost.Engine.Events;
using SwarmHost.Media;
using SwarmHost.Media.Audio;

namespace SwarmHost.Engine.Audit;

/// <summary>Measures the written output's A/V sync after a run (<see cref="AvSyncProbe"/>) and says whether it is in sync.</summary>
internal static class AvSync
{
    /// <summary>Measures <paramref name="output"/> and writes an <c>av-sync</c> event.</summary>
    public static AvSyncSummary Measure(string output, EventLog events)
    {
        AvSyncSummary summary;
        try
        {
            var report = AvSyncProbe.Measure(output);
            summary = new AvSyncSummary(report.Flashes, report.Onsets, report.Pairs.Count, report.MeanOffsetMs, report.MaxAbsOffsetMs, Math.Round(AvSyncSummary.OneAudioFrameMs, 1));
            events.Write(new AvSyncEvent(report.Flashes, report.Onsets, [.. report.Pairs.Select(p => p.OffsetMs)], summary.InSync ? null : Failure(summary)));
        }
        catch (MediaInputException ex)
        {
            summary = new AvSyncSummary(0, 0, 0, 0, 0, Math.Round(AvSyncSummary.OneAudioFrameMs, 1));
            events.Write(new AvSyncEvent(0, 0, [], ex.Message));
        }

        return summary;
    }

    /// <summary>Why a measured output is not in sync.</summary>
    public static string Failure(AvSyncSummary sync) => sync switch
    {
        { Flashes: 0 } => "A/V sync could not be measured: no flash was found in the output's video (output.audio.measureSync needs a source whose top-left corner flashes white with a tone, like the demo's)",
        { Matched: var matched, Flashes: var flashes } when matched < flashes => string.Create(CultureInfo.InvariantCulture, $"A/V sync: {flashes - matched} of {flashes} flashes in the output have no tone within half a second (tones found: {sync.Onsets}); the audio is missing or far off"),
        _ => string.Create(CultureInfo.InvariantCulture, $"A/V sync: audio and video are up to {sync.MaxAbsOffsetMs:F1} ms apart, more than one audio frame ({sync.LimitMs:F1} ms)"),
    };
}
