namespace SwarmHost.Clocks;

/// <summary>One reading of a clock's status while it was watched.</summary>
/// <param name="ElapsedMs">Milliseconds since the clock was started.</param>
/// <param name="State">Its state (<c>Listening</c>, <c>Uncalibrated</c>, <c>Synchronised</c>, <c>Holdover</c>).</param>
/// <param name="Source">What it follows.</param>
/// <param name="OffsetNs">Its last measured offset from the source, ns.</param>
/// <param name="DelayNs">Its last measured path delay, ns.</param>
/// <param name="Detail">Its free-text detail.</param>
public sealed record ClockSample(double ElapsedMs, string State, string Source, long? OffsetNs, long? DelayNs, string? Detail);
