using System.Globalization;
using SwarmHost.Engine.Output;

namespace SwarmHost.Engine.Audit;

/// <summary>An HLS output's segments: where their numbers come from and whether another instance's match them.</summary>
/// <param name="FirstSegment">The first segment's number.</param>
/// <param name="SegmentFrames">Frames per segment (whole GOPs).</param>
/// <param name="EpochLocked">Whether the segments are cut and numbered on the shared clock's epoch from the source's own timestamps, so every instance on the same live stream writes the same segments (a live input only).</param>
/// <param name="NotLocked">Why they are not, or <c>null</c>.</param>
/// <param name="SkippedFrames">Source pictures dropped before the first segment boundary of the epoch.</param>
/// <param name="Slips">Times the pictures left the epoch's grid after the start (see the <c>hls-epoch-slip</c> events).</param>
public sealed record HlsSummary(long FirstSegment, int SegmentFrames, bool EpochLocked, string? NotLocked, long SkippedFrames, int Slips)
{
    /// <summary>The audit of an HLS output opened with <paramref name="options"/>, locked by <paramref name="epoch"/> (<c>null</c> for an input that is not live).</summary>
    internal static HlsSummary Of(IReadOnlyDictionary<string, string> options, HlsEpochLock? epoch, int segmentFrames, long skipped) =>
        new(long.Parse(options["start_number"], CultureInfo.InvariantCulture), segmentFrames, epoch?.Locked ?? false,
            epoch is null ? "the input is not live: the first segment is numbered from the shared clock's time at the start" : epoch.NotLocked,
            skipped, epoch?.Slips ?? 0);
}
