namespace SwarmHost.Abstractions;

/// <summary>A snapshot of an encoder instance's running totals.</summary>
/// <param name="FramesIn">Frames passed to <see cref="IVideoEncoder.Encode"/>.</param>
/// <param name="UnitsOut">Units emitted so far (including by <see cref="IVideoEncoder.Flush"/>).</param>
/// <param name="BytesOut">Compressed bytes emitted so far.</param>
/// <param name="Errors">Encode calls that failed or produced unusable output.</param>
/// <param name="TotalEncodeTime">Wall time spent inside encode calls.</param>
/// <param name="LastEncodeTime">Wall time of the most recent encode call.</param>
public sealed record EncoderStats(
    long FramesIn,
    long UnitsOut,
    long BytesOut,
    long Errors,
    TimeSpan TotalEncodeTime,
    TimeSpan LastEncodeTime)
{
    /// <summary>Stats of an encoder that has done nothing yet.</summary>
    public static EncoderStats Zero { get; } = new(0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero);
}
