namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The IEEE 1588-2008 dataset comparison (9.3.4, figures 27 and 28) as an ordinary slave-only clock
/// needs it: which of two foreign masters' Announce datasets is better.
/// </summary>
/// <remarks>
/// Different grandmasters are ranked by priority1, clockClass, clockAccuracy,
/// offsetScaledLogVariance, priority2 and finally grandmaster clockIdentity (lower wins each).
/// Announces of the same grandmaster (through different boundary clocks) are ranked by
/// stepsRemoved (fewer wins), then by the sender's port identity. A slave-only clock never
/// competes itself, so the "receiver" branches of figure 28 reduce to these rules. Pure; any thread.
/// </remarks>
internal static class BestMasterComparison
{
    /// <summary>Compares two Announce datasets.</summary>
    /// <returns>Negative when <paramref name="a"/> is better, positive when <paramref name="b"/> is better, 0 for the same sender.</returns>
    public static int Compare(AnnounceMessage a, AnnounceMessage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GrandmasterIdentity != b.GrandmasterIdentity)
        {
            var byQuality = a.GrandmasterPriority1.CompareTo(b.GrandmasterPriority1);
            if (byQuality == 0)
            {
                byQuality = a.ClockClass.CompareTo(b.ClockClass);
            }

            if (byQuality == 0)
            {
                byQuality = a.ClockAccuracy.CompareTo(b.ClockAccuracy);
            }

            if (byQuality == 0)
            {
                byQuality = a.OffsetScaledLogVariance.CompareTo(b.OffsetScaledLogVariance);
            }

            if (byQuality == 0)
            {
                byQuality = a.GrandmasterPriority2.CompareTo(b.GrandmasterPriority2);
            }

            return byQuality != 0 ? byQuality : a.GrandmasterIdentity.CompareTo(b.GrandmasterIdentity);
        }

        var bySteps = a.StepsRemoved.CompareTo(b.StepsRemoved);
        if (bySteps != 0)
        {
            return bySteps;
        }

        var byClock = a.SourcePort.ClockIdentity.CompareTo(b.SourcePort.ClockIdentity);
        return byClock != 0 ? byClock : a.SourcePort.PortNumber.CompareTo(b.SourcePort.PortNumber);
    }
}
