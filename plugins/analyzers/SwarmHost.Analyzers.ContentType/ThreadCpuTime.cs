using System.Runtime.InteropServices;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): what a run
/// on the worker cost, whatever else shares the core. .NET has no per-thread CPU clock of its own.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>The calling thread's CPU time so far, ms.</summary>
    /// <exception cref="InvalidOperationException">The clock is not available.</exception>
    public static double NowMs() =>
        ClockGetTime(ClockThreadCpuTimeId, out var time) == 0
            ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6)
            : throw new InvalidOperationException("onnx-content-type: the thread CPU clock is not available.");

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
