namespace SwarmHost.Clocks.Ptp;

/// <summary>What an Announce message says about its sender's grandmaster (IEEE 1588-2008 13.5): the dataset the best-master comparison ranks.</summary>
/// <param name="SourcePort">The sending port (the foreign master).</param>
/// <param name="SequenceId">The Announce sequence id.</param>
/// <param name="LogAnnounceInterval">log2 of the sender's announce interval in seconds.</param>
/// <param name="CurrentUtcOffset">TAI − UTC in seconds as the grandmaster advertises it.</param>
/// <param name="GrandmasterPriority1">priority1 (lower wins).</param>
/// <param name="ClockClass">grandmasterClockQuality.clockClass (lower wins; 248 = default, 255 = slave-only).</param>
/// <param name="ClockAccuracy">grandmasterClockQuality.clockAccuracy (lower wins; 0xFE = unknown).</param>
/// <param name="OffsetScaledLogVariance">grandmasterClockQuality.offsetScaledLogVariance (lower wins).</param>
/// <param name="GrandmasterPriority2">priority2 (lower wins).</param>
/// <param name="GrandmasterIdentity">The grandmaster's clockIdentity (lower wins as the last tie-break).</param>
/// <param name="StepsRemoved">Boundary clocks between the grandmaster and the sender.</param>
/// <param name="TimeSource">The grandmaster's time source (0xA0 = internal oscillator).</param>
internal sealed record AnnounceMessage(
    PortIdentity SourcePort,
    ushort SequenceId,
    sbyte LogAnnounceInterval,
    short CurrentUtcOffset,
    byte GrandmasterPriority1,
    byte ClockClass,
    byte ClockAccuracy,
    ushort OffsetScaledLogVariance,
    byte GrandmasterPriority2,
    ulong GrandmasterIdentity,
    ushort StepsRemoved,
    byte TimeSource);
