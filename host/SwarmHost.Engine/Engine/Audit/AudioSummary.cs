using SwarmHost.Engine.Output;

namespace SwarmHost.Engine.Audit;

/// <summary>The output's audio: what was carried, and how well it lines up with the video.</summary>
/// <param name="Tracks">How each source track was written, in track order: <c>copy (aac)</c> or what it was encoded to.</param>
/// <param name="PacketsWritten">Source audio packets written, over all tracks.</param>
/// <param name="WrittenMs">Audio written, ms, summed over tracks.</param>
/// <param name="SilenceInsertedMs">Silence inserted into encoded tracks where the source's audio had a gap (a stalled live input), ms, summed over tracks.</param>
/// <param name="GapMs">Gaps left in copied tracks, ms, summed over tracks.</param>
/// <param name="Trimmed">Packets not written: before the output's first picture, after its last, or overlapping the packet before.</param>
/// <param name="Unplaced">Packets the source could not place against a picture (no timestamp, or no picture came).</param>
/// <param name="Damaged">Packets of encoded tracks that could not be decoded.</param>
public sealed record AudioSummary(IReadOnlyList<string> Tracks, long PacketsWritten, double WrittenMs, double SilenceInsertedMs, double GapMs, long Trimmed, long Unplaced, long Damaged)
{
    /// <summary>The audit of <paramref name="audio"/> at the end of the run.</summary>
    internal static AudioSummary Of(TrackAligner audio) =>
        new(audio.Tracks, audio.PacketsWritten, Math.Round(audio.WrittenMs, 1), Math.Round(audio.SilenceInsertedMs, 1), Math.Round(audio.GapMs, 1), audio.Trimmed, audio.Unplaced, audio.Damaged);

    /// <summary>The A/V sync measured in the written file (with <c>output.audio.measureSync</c>), or <c>null</c>.</summary>
    public AvSyncSummary? Sync { get; init; }
}

/// <summary>A/V sync measured in the written file from its flash-and-tone pattern.</summary>
/// <param name="Flashes">Flashes found in the video.</param>
/// <param name="Onsets">Tone onsets found in the audio.</param>
/// <param name="Matched">Flashes with a tone onset within half a second.</param>
/// <param name="MeanOffsetMs">Mean audio − video over the matched flashes, ms.</param>
/// <param name="MaxAbsOffsetMs">Largest |audio − video|, ms.</param>
/// <param name="LimitMs">The most |audio − video| may be: one audio frame (1024 samples at 48 kHz, 21.3 ms).</param>
public sealed record AvSyncSummary(int Flashes, int Onsets, int Matched, double MeanOffsetMs, double MaxAbsOffsetMs, double LimitMs)
{
    /// <summary>One AAC frame at 48 kHz, ms.</summary>
    public const double OneAudioFrameMs = 1024 * 1000.0 / 48_000;

    /// <summary>Whether the pattern was found (every flash paired with a tone) and every offset is within <see cref="LimitMs"/>.</summary>
    public bool InSync => Flashes > 0 && Matched == Flashes && MaxAbsOffsetMs <= LimitMs;
}
