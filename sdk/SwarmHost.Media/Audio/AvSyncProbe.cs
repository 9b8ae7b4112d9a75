using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// Measures audio/video sync in a written file from a known pattern in its content: a flash
/// (the picture's top-left corner — a quarter of its width and height — turning white) with a
/// tone that starts at the same moment. The corner leaves the rest of the picture to the content,
/// so the flash is no scene cut for the analyzers.
/// Decodes the file's video and its first audio track, finds every flash and every tone onset
/// (the first loud sample after at least <see cref="QuietBeforeOnsetSeconds"/> of quiet), and
/// pairs each flash with the nearest onset.
/// </summary>
public static class AvSyncProbe
{
    /// <summary>How long the audio must have been quiet before a loud sample counts as an onset.</summary>
    public const double QuietBeforeOnsetSeconds = 0.2;

    /// <summary>A sample louder than this (full scale 1) is loud; a tone of the sync pattern peaks far above it.</summary>
    public const float LoudLevel = 0.1f;

    /// <summary>A picture whose top-left corner's mean luma rises by more than this over the previous one, to above <see cref="FlashLuma"/>, is a flash.</summary>
    public const double FlashRise = 50;

    /// <summary>The mean luma (0–255) of the corner a flash reaches at least.</summary>
    public const double FlashLuma = 180;

    /// <summary>Measures <paramref name="file"/>.</summary>
    /// <exception cref="MediaInputException">The file cannot be read, or has no video or no audio stream.</exception>
    public static AvSyncReport Measure(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        FFmpegLibraries.Load();
        using var reader = new SyncPatternReader(file);
        var (flashes, onsets) = reader.ReadAll();
        var pairs = new List<AvSyncPair>();
        foreach (var flash in flashes)
        {
            if (onsets.Count == 0)
            {
                break;
            }

            var nearest = onsets.MinBy(o => Math.Abs(o - flash));
            if (Math.Abs(nearest - flash) < 0.5)
            {
                pairs.Add(new AvSyncPair(Math.Round(flash, 6), Math.Round((nearest - flash) * 1000, 2)));
            }
        }

        return new AvSyncReport(flashes.Count, onsets.Count, pairs);
    }
}
