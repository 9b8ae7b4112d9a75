using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes;

namespace SwarmHost.Engine.Slots;

/// <summary>One frame slot while it is open: the encoders expected to deliver it and what they delivered.</summary>
/// <param name="Sequence">The frame's swarm sequence number.</param>
/// <param name="TimestampNs">The frame's shared timestamp.</param>
/// <param name="ArrivalTicks">When the intake opened it (Stopwatch ticks): deadlines count from here.</param>
/// <param name="Expected">The instances the frame was offered to (one may be removed when it fails).</param>
/// <param name="Content">The analyzers' report on the frame.</param>
internal sealed record Slot(long Sequence, long TimestampNs, long ArrivalTicks, HashSet<IEncoderLane> Expected, ContentReport Content)
{
    /// <summary>Usable units, by encoder id.</summary>
    public Dictionary<string, EncodedUnit> Units { get; } = new(StringComparer.Ordinal);

    /// <summary>Luma PSNR and SSIM of each used unit's decoded picture.</summary>
    public Dictionary<string, (double Psnr, double Ssim)> Quality { get; } = new(StringComparer.Ordinal);

    /// <summary>The source frame (one reference), held for the output quality meter until the slot closes.</summary>
    public VideoFrame? Source { get; set; }

    /// <summary>Why an expected encoder has no usable unit (bad, late, refused), by encoder id.</summary>
    public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);
}
