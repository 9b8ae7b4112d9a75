namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The E2E delay request-response arithmetic (IEEE 1588-2008 11.3) on the four timestamps, all in
/// nanoseconds: t1 master sends Sync, t2 slave receives it, t3 slave sends Delay_Req, t4 master
/// receives it. t1 and t4 are on the master's time scale with correction fields already applied;
/// t2 and t3 on the slave's. Assumes a symmetric path (an asymmetry shows up as offset). Pure.
/// </summary>
internal static class PathMath
{
    /// <summary>meanPathDelay = ((t2 − t1) + (t4 − t3)) / 2.</summary>
    public static long MeanPathDelay(long t1, long t2, long t3, long t4) => ((t2 - t1) + (t4 - t3)) / 2;

    /// <summary>meanPathDelay from the two one-way differences: (masterToSlave + slaveToMaster) / 2, where masterToSlave = t2 − t1 and slaveToMaster = t4 − t3.</summary>
    public static long MeanPathDelay(long masterToSlave, long slaveToMaster) => (masterToSlave + slaveToMaster) / 2;

    /// <summary>offsetFromMaster = (t2 − t1) − meanPathDelay: how far the slave's time scale is ahead of the master's.</summary>
    public static long OffsetFromMaster(long t1, long t2, long meanPathDelay) => (t2 - t1) - meanPathDelay;
}
