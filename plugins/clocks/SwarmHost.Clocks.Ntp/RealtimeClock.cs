using System.Runtime.InteropServices;

namespace SwarmHost.Clocks.Ntp;

/// <summary>
/// Reads this machine's wall clock (<c>CLOCK_REALTIME</c>) in nanoseconds since the Unix epoch, as
/// precisely as the platform allows.
/// </summary>
/// <remarks>
/// On Linux and macOS (64-bit) it calls <c>clock_gettime</c> found through the process's global
/// symbol scope (<c>dlsym</c> on the main program handle), so an <c>LD_PRELOAD</c> interposer such
/// as libfaketime shifts it exactly as it shifts the rest of the process; binding to
/// <c>libc</c> directly would bypass the interposer. Elsewhere, or if the symbol is missing, it
/// falls back to <see cref="DateTime.UtcNow"/> (100 ns resolution). Thread-safe; no allocation.
/// </remarks>
internal static unsafe class RealtimeClock
{
    private const int ClockRealtimeId = 0;

    private static readonly delegate* unmanaged<int, Timespec*, int> ClockGettime = Resolve();

    /// <summary>Where readings come from, for diagnostics.</summary>
    public static string Source => ClockGettime != null ? "clock_gettime(CLOCK_REALTIME)" : "DateTime.UtcNow";

    /// <summary>The wall clock now, in ns since the Unix epoch.</summary>
    public static long NowNs()
    {
        if (ClockGettime != null)
        {
            Timespec now;
            if (ClockGettime(ClockRealtimeId, &now) == 0)
            {
                return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
            }
        }

        return (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
    }

    private static delegate* unmanaged<int, Timespec*, int> Resolve()
    {
        // struct timespec is two 64-bit fields only on 64-bit Unix; CLOCK_REALTIME is 0 on both.
        if (Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            && NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "clock_gettime", out var address))
        {
            return (delegate* unmanaged<int, Timespec*, int>)address;
        }

        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
