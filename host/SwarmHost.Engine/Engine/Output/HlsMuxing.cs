using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;

namespace SwarmHost.Engine.Output;

/// <summary>
/// The options of FFmpeg's <c>hls</c> muxer for an HLS output: MPEG-TS segments of whole GOPs
/// (the muxer cuts at the first keyframe once a segment is long enough, and every GOP starts with
/// one), named after the playlist, a bounded live playlist whose old segments are deleted or an
/// EVENT playlist that keeps them all, and a first segment number taken from the shared clock —
/// on a live input from its epoch (<see cref="HlsEpochLock"/>), so instances write the same segments.
/// </summary>
internal static class HlsMuxing
{
    /// <summary>Whether <paramref name="output"/> is an HLS playlist.</summary>
    public static bool IsHls(string output) => output.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase);

    /// <summary>GOPs per segment: as configured, or as many as make about 2 s.</summary>
    public static int SegmentGops(OutputHls hls, OutputProfile profile) =>
        hls.SegmentGops ?? Math.Max(1, (int)Math.Round(2e9 / (profile.Gop * (double)profile.FrameRate.PeriodNanoseconds())));

    /// <summary>Frames per segment.</summary>
    public static int SegmentFrames(OutputHls hls, OutputProfile profile) => SegmentGops(hls, profile) * profile.Gop;

    /// <summary>The epoch lock of an HLS output on a live input (<paramref name="live"/>), or <c>null</c>.</summary>
    public static HlsEpochLock? EpochLock(string output, bool live, OutputHls hls, OutputProfile profile, Func<long> clockNs, Action<long, string> slipFound) =>
        IsHls(output) && live ? new HlsEpochLock(profile.FrameRate.PeriodNanoseconds(), SegmentFrames(hls, profile), clockNs) { SlipFound = slipFound } : null;

    /// <summary>
    /// The muxer options for <paramref name="output"/>: <paramref name="clockNowNs"/> (the shared
    /// clock at the start) numbers the first segment, unless <paramref name="epoch"/> has locked
    /// the output to the epoch (then its number and timestamp offset are used).
    /// </summary>
    public static Dictionary<string, string> Options(string output, OutputHls hls, OutputProfile profile, long clockNowNs, HlsEpochLock? epoch)
    {
        var segmentNs = SegmentGops(hls, profile) * profile.Gop * profile.FrameRate.PeriodNanoseconds();
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        var stem = Path.GetFileNameWithoutExtension(output);
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hls_time"] = (segmentNs / 1e9).ToString("0.######", CultureInfo.InvariantCulture),
            ["hls_list_size"] = hls.KeepAll ? "0" : hls.ListSize.ToString(CultureInfo.InvariantCulture),
            ["hls_flags"] = hls.KeepAll ? "independent_segments" : "delete_segments+independent_segments",
            ["hls_segment_type"] = "mpegts",
            ["hls_segment_filename"] = Path.Combine(folder, stem + "-%d.ts"),
            ["start_number"] = (Math.Max(0, clockNowNs) / segmentNs).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in epoch?.MuxerOptions() ?? [])
        {
            options[name] = value;
        }

        if (hls.KeepAll)
        {
            options["hls_playlist_type"] = "event";
        }

        return options;
    }
}
