using System.Globalization;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// A lane's share of the machine, enforced by the kernel: a control group per lane process, under
/// the host's own, with a CPU quota (<c>cpu.cfs_quota_us</c> in cgroup v1, <c>cpu.max</c> in v2)
/// and a memory limit (<c>memory.limit_in_bytes</c> / <c>memory.max</c>; the OOM killer ends the
/// lane, not the host). Removed when the lane has ended. Written by hand: .NET has no cgroup API.
/// </summary>
internal sealed class LaneCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private const long PeriodUs = 100_000;
    private readonly List<string> _folders = [];

    private LaneCgroup()
    {
    }

    /// <summary>Why the kernel here cannot enforce the limits asked for; <c>null</c> when it can.</summary>
    /// <param name="cpuQuota">Cores, or <c>null</c>.</param>
    /// <param name="memoryLimitMb">Megabytes, or <c>null</c>.</param>
    public static string? Refusal(double? cpuQuota, long? memoryLimitMb)
    {
        foreach (var (controller, wanted) in new[] { ("cpu", cpuQuota is not null), ("memory", memoryLimitMb is not null) })
        {
            if (!wanted)
            {
                continue;
            }

            var parent = ParentFolder(controller);
            if (parent is null)
            {
                return $"this machine has no cgroup '{controller}' controller mounted under {Root}";
            }

            var probe = Path.Combine(parent, $"swarmhost-probe-{Environment.ProcessId}");
            try
            {
                Directory.CreateDirectory(probe);
                Directory.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"cannot create a control group in {parent} ({ex.Message}); run as a user who may (root, or a delegated cgroup)";
            }
        }

        return null;
    }

    /// <summary>Creates the group for one lane and writes its limits.</summary>
    /// <exception cref="IOException">The kernel refused (see <see cref="Refusal"/>).</exception>
    public static LaneCgroup Create(string name, double? cpuQuota, long? memoryLimitMb)
    {
        var group = new LaneCgroup();
        try
        {
            if (cpuQuota is { } cores)
            {
                var folder = group.Make("cpu", name);
                var quota = ((long)Math.Round(cores * PeriodUs)).ToString(CultureInfo.InvariantCulture);
                if (File.Exists(Path.Combine(folder, "cpu.max")))
                {
                    File.WriteAllText(Path.Combine(folder, "cpu.max"), $"{quota} {PeriodUs}");
                }
                else
                {
                    File.WriteAllText(Path.Combine(folder, "cpu.cfs_period_us"), PeriodUs.ToString(CultureInfo.InvariantCulture));
                    File.WriteAllText(Path.Combine(folder, "cpu.cfs_quota_us"), quota);
                }
            }

            if (memoryLimitMb is { } megabytes)
            {
                var folder = group.Make("memory", name);
                var bytes = (megabytes << 20).ToString(CultureInfo.InvariantCulture);
                var v2 = File.Exists(Path.Combine(folder, "memory.max"));
                File.WriteAllText(Path.Combine(folder, v2 ? "memory.max" : "memory.limit_in_bytes"), bytes);
                if (v2)
                {
                    File.WriteAllText(Path.Combine(folder, "memory.swap.max"), "0");
                }
                else if (File.Exists(Path.Combine(folder, "memory.memsw.limit_in_bytes")))
                {
                    File.WriteAllText(Path.Combine(folder, "memory.memsw.limit_in_bytes"), bytes); // no escape into swap
                }
            }

            return group;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            group.Dispose();
            throw new IOException($"could not set the lane's limits: {ex.Message}", ex);
        }
    }

    /// <summary>How many times the kernel's OOM killer acted in the group (0 without a memory limit, or where the kernel does not say).</summary>
    public int OomKills
    {
        get
        {
            foreach (var folder in _folders)
            {
                foreach (var file in new[] { "memory.oom_control", "memory.events" })
                {
                    var path = Path.Combine(folder, file);
                    var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("oom_kill ", StringComparison.Ordinal)) : null;
                    if (line is not null && int.TryParse(line.AsSpan(9), CultureInfo.InvariantCulture, out var kills))
                    {
                        return kills;
                    }
                }
            }

            return 0;
        }
    }

    /// <summary>Moves process <paramref name="pid"/> into the group.</summary>
    public void Add(int pid)
    {
        foreach (var folder in _folders)
        {
            File.WriteAllText(Path.Combine(folder, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Removes the group (its processes must have ended).</summary>
    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                System.Diagnostics.Trace.TraceWarning($"could not remove the lane's control group {folder}: {ex.Message}");
            }
        }

        _folders.Clear();
    }

    private string Make(string controller, string name)
    {
        var folder = Path.Combine(ParentFolder(controller) ?? throw new IOException($"no cgroup '{controller}' controller"), name);
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    /// <summary>The host's own group for <paramref name="controller"/> (v1: its own hierarchy; v2: the unified one), or <c>null</c>.</summary>
    private static string? ParentFolder(string controller)
    {
        if (!File.Exists("/proc/self/cgroup"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains(controller) && Directory.Exists(Path.Combine(Root, controller)))
            {
                return Path.Combine(Root, controller) + parts[2].TrimEnd('/');
            }
        }

        var unified = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (unified is not null && File.Exists(Path.Combine(Root, "cgroup.controllers")) && File.ReadAllText(Path.Combine(Root, "cgroup.controllers")).Split(' ', '\n').Contains(controller))
        {
            return Root + unified[3..].TrimEnd('/');
        }

        return null;
    }
}
