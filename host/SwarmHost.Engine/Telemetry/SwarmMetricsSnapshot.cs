namespace SwarmHost.Telemetry;

/// <summary>
/// The swarm's figures at one moment, published by the engine's coordinator once per closed slot
/// (and once when the encoders are open). Immutable: safe to read from any thread.
/// </summary>
/// <param name="FramesIn">Input frames read so far.</param>
/// <param name="FramesOut">Distinct frames written to the output so far.</param>
/// <param name="FramesLost">Frames missing from the output so far: gaps below the highest sequence written (the run summary also counts the frames never written at the end).</param>
/// <param name="FramesInserted">Frames the combiner or the reader inserted (repeats or interpolations filling a stall).</param>
/// <param name="Handovers">Times the output's leading encoder changed.</param>
/// <param name="Encoders">Every encoder of the manifest, in manifest order.</param>
/// <param name="ClockSource">The clock's current source (as its status names it).</param>
/// <param name="ClockOffsetNs">The clock's last measured offset from its source in nanoseconds, or <c>null</c> when it has none (the system clock).</param>
/// <param name="ClockSynchronised">Whether the clock is synchronised to its source.</param>
/// <param name="Leader">The encoder the output is currently taken from, or <c>null</c> (blended, or not decided yet).</param>
public sealed record SwarmMetricsSnapshot(
    long FramesIn,
    long FramesOut,
    long FramesLost,
    long FramesInserted,
    long Handovers,
    IReadOnlyList<EncoderMetricsSnapshot> Encoders,
    string ClockSource,
    long? ClockOffsetNs,
    bool ClockSynchronised,
    string? Leader)
{
    /// <summary>The clocks of the nodes running remote lanes (empty when none does).</summary>
    public IReadOnlyList<NodeClockSnapshot> NodeClocks { get; init; } = [];
}
