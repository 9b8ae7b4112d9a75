namespace SwarmHost.Abstractions;

/// <summary>A snapshot of a clock's synchronisation state.</summary>
/// <param name="State">Where the clock stands.</param>
/// <param name="Source">What it follows: <c>system</c>, an NTP server address, a PTP master identity.</param>
/// <param name="OffsetNs">The last measured offset from the source in ns, or <c>null</c> when not measured.</param>
/// <param name="DelayNs">The last measured path delay to the source in ns, or <c>null</c>.</param>
/// <param name="LastUpdate">When the last sample from the source arrived (UTC), or <c>null</c> for never.</param>
/// <param name="Detail">Free text for people (stratum, domain, servo state), or <c>null</c>.</param>
public sealed record ClockStatus(
    ClockState State,
    string Source,
    long? OffsetNs,
    long? DelayNs,
    DateTimeOffset? LastUpdate,
    string? Detail)
{
    /// <summary>Whether frames stamped now line up with other machines following the same source.</summary>
    public bool IsSynchronised => State == ClockState.Synchronised;
}
