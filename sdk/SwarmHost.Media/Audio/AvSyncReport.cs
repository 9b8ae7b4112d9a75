namespace SwarmHost.Media.Audio;

/// <summary>What <see cref="AvSyncProbe"/> found in a file.</summary>
/// <param name="Flashes">Flashes found in the video.</param>
/// <param name="Onsets">Tone onsets found in the audio.</param>
/// <param name="Pairs">Each flash with a tone onset within half a second, and their offset.</param>
public sealed record AvSyncReport(int Flashes, int Onsets, IReadOnlyList<AvSyncPair> Pairs)
{
    /// <summary>The largest |audio − video| over the pairs, ms (0 without pairs).</summary>
    public double MaxAbsOffsetMs => Pairs.Count == 0 ? 0 : Pairs.Max(p => Math.Abs(p.OffsetMs));

    /// <summary>The mean audio − video over the pairs, ms (0 without pairs).</summary>
    public double MeanOffsetMs => Pairs.Count == 0 ? 0 : Math.Round(Pairs.Average(p => p.OffsetMs), 2);
}

/// <summary>One flash and the tone onset paired with it.</summary>
/// <param name="FlashSeconds">When the flash picture is presented, s (the file's timeline).</param>
/// <param name="OffsetMs">Audio − video: how long after the flash the tone starts, ms (negative: before).</param>
public sealed record AvSyncPair(double FlashSeconds, double OffsetMs);
