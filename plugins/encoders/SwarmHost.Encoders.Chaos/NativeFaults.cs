using System.Runtime.InteropServices;

namespace SwarmHost.Encoders.Chaos;

/// <summary>
/// Faults that happen in native code, as a crashing codec library's do: nothing managed can catch
/// or cancel them. Each is a plain libc call. Linux only.
/// </summary>
internal static partial class NativeFaults
{
    /// <summary>Injects <paramref name="mode"/> (<see cref="ChaosMode.Crash"/>, <see cref="ChaosMode.Abort"/> or <see cref="ChaosMode.NativeHang"/>); returns only if the fault did not take.</summary>
    public static void Inject(ChaosMode mode)
    {
        switch (mode)
        {
            case ChaosMode.Crash:
                _ = MemSet(IntPtr.Zero, 0, 4096); // SIGSEGV inside libc
                break;
            case ChaosMode.Abort:
                Abort();
                break;
            case ChaosMode.NativeHang:
                while (true)
                {
                    _ = Pause(); // returns only when a handled signal arrives; then waits again
                }

            case ChaosMode.Oom:
                var limit = MemoryLimitBytes() ?? throw new InvalidOperationException("chaos: oom refused: this process has no cgroup memory limit, so it would exhaust the machine; give the encoder \"isolation\": \"process\" and memoryLimitMb");
                for (long touched = 0; touched < 4 * limit; touched += 1 << 20)
                {
                    var block = Malloc(1 << 20);
                    if (block == IntPtr.Zero)
                    {
                        break;
                    }

                    _ = MemSet(block, 1, 1 << 20); // resident at once: every page is written
                }

                break;
        }

        throw new InvalidOperationException($"chaos: the native fault {mode} did not take");
    }

    /// <summary>The memory limit of this process's own control group (cgroup v1 or v2), or <c>null</c> when it has none.</summary>
    private static long? MemoryLimitBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            var (file, folder) = parts[1].Split(',').Contains("memory") ? ("memory.limit_in_bytes", "/sys/fs/cgroup/memory" + parts[2])
                : parts[0] == "0" ? ("memory.max", "/sys/fs/cgroup" + parts[2])
                : (null, null);
            if (file is not null && File.Exists(Path.Combine(folder!, file)) && long.TryParse(File.ReadAllText(Path.Combine(folder!, file)).Trim(), out var bytes) && bytes < (1L << 50))
            {
                return bytes;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "malloc")]
    private static partial IntPtr Malloc(nint size);

    [LibraryImport("libc", EntryPoint = "memset")]
    private static partial IntPtr MemSet(IntPtr destination, int value, nuint count);

    [LibraryImport("libc", EntryPoint = "abort")]
    private static partial void Abort();

    [LibraryImport("libc", EntryPoint = "pause")]
    private static partial int Pause();
}
