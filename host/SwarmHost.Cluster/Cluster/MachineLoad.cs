using System.Globalization;

namespace SwarmHost.Cluster;

/// <summary>This machine's size and load as a node advertises them.</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average (<c>/proc/loadavg</c>); NaN where it cannot be read.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    /// <summary>The memory the runtime may use on this machine (or its control group), MB.</summary>
    public static long MemoryMb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
}
