using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SwarmHost.Bench;

/// <summary>
/// Runs a command to its end and measures it as a whole process tree: wall time, CPU time of the
/// process and every descendant it waited for (<c>getrusage(RUSAGE_CHILDREN)</c>, so a swarm's lane
/// processes count), and peak memory summed over the tree (proportional set sizes from
/// <c>/proc/&lt;pid&gt;/smaps_rollup</c>, so memory the processes share — a swarm's frame ring, the
/// runtime's libraries — counts once; sampled every 50 ms). Linux only. Written by hand: .NET
/// measures one process, not a tree.
/// </summary>
public static partial class ProcessTreeMeter
{
    /// <summary>What one run cost.</summary>
    /// <param name="WallSeconds">From start to exit.</param>
    /// <param name="CpuSeconds">User + system time of the tree.</param>
    /// <param name="PeakMemoryMb">The largest sum of proportional set sizes over the tree at one sample, MB.</param>
    /// <param name="ExitCode">The command's exit code.</param>
    /// <param name="Error">What it wrote to stderr (kept for a failed run).</param>
    public sealed record Measurement(double WallSeconds, double CpuSeconds, double PeakMemoryMb, int ExitCode, string Error);

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> and measures it.</summary>
    /// <exception cref="InvalidOperationException">It cannot be started.</exception>
    public static Measurement Run(string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var cpuBefore = ChildrenCpuSeconds();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var peak = 0L;
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, TreeMemoryBytes(process.Id));
        }

        watch.Stop();
        process.WaitForExit();
        _ = output.Result;
        return new Measurement(watch.Elapsed.TotalSeconds, ChildrenCpuSeconds() - cpuBefore, peak / 1048576.0, process.ExitCode, error.Result);
    }

    /// <summary>The proportional set size of <paramref name="root"/> and all its descendants now, bytes.</summary>
    private static long TreeMemoryBytes(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture); // after "pid (name) ": state ppid ...
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process ended while being read
            }
        }

        bool InTree(int pid)
        {
            for (var depth = 0; depth < 64 && pid > 1; depth++)
            {
                if (pid == root)
                {
                    return true;
                }

                if (!parents.TryGetValue(pid, out pid))
                {
                    return false;
                }
            }

            return false;
        }

        return parents.Keys.Where(InTree).Sum(Pss);
    }

    /// <summary>A process's proportional set size, bytes (0 once it has ended).</summary>
    private static long Pss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static double ChildrenCpuSeconds()
    {
        const int children = -1;
        return GetRUsage(children, out var usage) == 0
            ? usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6)
            : double.NaN;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs this meter does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public fixed long Rest[14];
    }
}
