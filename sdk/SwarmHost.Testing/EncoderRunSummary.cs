namespace SwarmHost.Testing;

/// <summary>One encoder of a finished run, from the summary's <c>encoders[]</c> (see the host's docs/events.md).</summary>
/// <param name="Id">The instance id from the manifest.</param>
/// <param name="State">Its health at the end: <c>Joining</c>, <c>Active</c>, <c>Degraded</c> or <c>Failed</c>.</param>
/// <param name="Instances">How many instances ran under this id (a fresh one replaces a failed one when it rejoins).</param>
/// <param name="Failures">How many times an instance failed.</param>
/// <param name="LastFailure">Why it last failed, or <c>null</c>.</param>
/// <param name="UnitsUsed">Its good, on-time units handed to the combiner.</param>
/// <param name="LeadFrames">Frames of the output taken from it: what it carried.</param>
/// <param name="BadUnits">Its units that failed verification (undecodable, or garbage against the source).</param>
/// <param name="LateUnits">Its units that came after their deadline.</param>
/// <param name="MissedSlots">Slots it delivered nothing usable for.</param>
public sealed record EncoderRunSummary(
    string Id,
    string State,
    int Instances,
    int Failures,
    string? LastFailure,
    long UnitsUsed,
    long LeadFrames,
    long BadUnits,
    long LateUnits,
    long MissedSlots);
