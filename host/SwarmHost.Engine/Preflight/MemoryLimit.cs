using System.Globalization;

namespace SwarmHost.Preflight;

/// <summary>
/// How much memory a run may plan to use: the smaller of the machine's available memory
/// (<c>MemAvailable</c> in <c>/proc/meminfo</c>) and the headroom left under the process's cgroup
/// limit (cgroup v2 <c>memory.max</c> or v1 <c>memory.limit_in_bytes</c>, of its own group and
/// every parent, less the group's usage without reclaimable file cache), minus a margin of 10%
/// (at least 256 MiB) for everything the estimate does not count.
/// </summary>
/// <param name="AvailableBytes">The smaller of available memory and the cgroup headroom, before the margin.</param>
/// <param name="LimitBytes">What a configuration's estimate must stay within: <paramref name="AvailableBytes"/> less the margin.</param>
/// <param name="Source">Which figure decided, for messages (e.g. "MemAvailable", "cgroup memory.max").</param>
public sealed record MemoryLimit(long AvailableBytes, long LimitBytes, string Source)
{
    private const long MinimumMargin = 256L * 1024 * 1024;

    /// <summary>Reads the limit of this process from <c>/proc</c> and <c>/sys/fs/cgroup</c>.</summary>
    public static MemoryLimit Read() => Read("/proc", "/sys/fs/cgroup");

    /// <summary>Reads the limit from the given roots (a copy of <c>/proc</c> and of the cgroup mount, as tests lay out).</summary>
    /// <param name="proc">Where <c>meminfo</c> and <c>self/cgroup</c> are.</param>
    /// <param name="cgroupMount">Where cgroup file systems are mounted (<c>/sys/fs/cgroup</c>).</param>
    /// <returns>The limit; when <c>meminfo</c> cannot be read, total physical memory as .NET sees it stands in for available memory.</returns>
    public static MemoryLimit Read(string proc, string cgroupMount)
    {
        ArgumentNullException.ThrowIfNull(proc);
        ArgumentNullException.ThrowIfNull(cgroupMount);
        var available = MemAvailable(Path.Combine(proc, "meminfo"));
        var source = "MemAvailable";
        if (available is null)
        {
            available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            source = "physical memory";
        }

        if (CgroupHeadroom(Path.Combine(proc, "self", "cgroup"), cgroupMount) is { } cgroup && cgroup.Bytes < available)
        {
            available = cgroup.Bytes;
            source = cgroup.Source;
        }

        return Within(available.Value, source);
    }

    /// <summary>The limit for <paramref name="availableBytes"/> of available memory: less 10%, at least 256 MiB.</summary>
    public static MemoryLimit Within(long availableBytes, string source) =>
        new(availableBytes, Math.Max(0, availableBytes - Math.Max(MinimumMargin, availableBytes / 10)), source);

    private static long? MemAvailable(string meminfo)
    {
        foreach (var line in ReadLines(meminfo))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                && long.TryParse(line["MemAvailable:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                return kb * 1024;
            }
        }

        return null;
    }

    /// <summary>The least headroom under any memory limit of the process's cgroup and its parents, v2 and v1; <c>null</c> when none is set.</summary>
    private static (long Bytes, string Source)? CgroupHeadroom(string selfCgroup, string mount)
    {
        (long Bytes, string Source)? least = null;
        foreach (var line in ReadLines(selfCgroup))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var relative = parts[2].TrimStart('/');
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                // v2: the unified hierarchy is the mount itself, or mount/unified on hybrid systems
                foreach (var root in new[] { mount, Path.Combine(mount, "unified") })
                {
                    least = Least(least, Walk(root, relative, "memory.max", "memory.current", "inactive_file", "cgroup memory.max"));
                }
            }
            else if (parts[1].Split(',').Contains("memory"))
            {
                least = Least(least, Walk(Path.Combine(mount, "memory"), relative, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file", "cgroup memory.limit_in_bytes"));
            }
        }

        return least;
    }

    /// <summary>Headroom of the group at <paramref name="relative"/> and of each parent up to <paramref name="root"/>; a group not visible (another namespace) is skipped.</summary>
    private static (long, string)? Walk(string root, string relative, string limitFile, string usageFile, string inactiveKey, string source)
    {
        (long, string)? least = null;
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var depth = segments.Length; depth >= 0; depth--)
        {
            var folder = Path.Combine([root, .. segments[..depth]]);
            if (ReadNumber(Path.Combine(folder, limitFile)) is not { } limit || limit >= long.MaxValue / 2)
            {
                continue; // unlimited ("max", or v1's huge number), or not there
            }

            var usage = ReadNumber(Path.Combine(folder, usageFile)) ?? 0;
            var inactive = StatValue(Path.Combine(folder, "memory.stat"), inactiveKey) ?? 0;
            var headroom = Math.Max(0, limit - Math.Max(0, usage - inactive));
            least = Least(least, (headroom, source));
        }

        return least;
    }

    private static (long Bytes, string Source)? Least((long Bytes, string Source)? a, (long Bytes, string Source)? b) =>
        a is null ? b : b is null ? a : a.Value.Bytes <= b.Value.Bytes ? a : b;

    private static long? ReadNumber(string file)
    {
        var text = ReadLines(file).FirstOrDefault()?.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static long? StatValue(string file, string key)
    {
        foreach (var line in ReadLines(file))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static string[] ReadLines(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
