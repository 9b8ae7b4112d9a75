namespace SwarmHost.Clocks;

/// <summary>
/// What <c>swarmhost clock</c> saw: every status reading, when the clock first locked, and the
/// offset and delay figures over the readings taken while it was synchronised.
/// </summary>
/// <param name="Id">The clock component.</param>
/// <param name="Samples">Every reading, about ten a second.</param>
/// <param name="LockedAfterMs">Milliseconds from start to the first Synchronised reading, or <c>null</c> when it never locked.</param>
/// <param name="OffsetNs">Offset figures over the Synchronised readings.</param>
/// <param name="DelayNs">Delay figures over the Synchronised readings.</param>
/// <param name="FinalState">The state at the end.</param>
/// <param name="Steps">Times <c>NowNs</c> went backwards between readings (must be 0).</param>
public sealed record ClockWatch(string Id, IReadOnlyList<ClockSample> Samples, double? LockedAfterMs, Spread? OffsetNs, Spread? DelayNs, string FinalState, int Steps);
