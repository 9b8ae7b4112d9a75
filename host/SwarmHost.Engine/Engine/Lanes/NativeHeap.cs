using System.Runtime.InteropServices;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// Gives the C heap's free pages back to the system (glibc <c>malloc_trim</c>). A native encoder
/// allocates from its own threads, so glibc spreads its buffers over per-thread arenas; once the
/// encoder is freed those pages stay mapped, and a swarm that replaces failed encoders for hours
/// would grow by megabytes per replacement. Trimming after a failed instance is disposed keeps the
/// resident size flat. Written by hand: .NET has no call for it. A no-op off glibc.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Returns the free pages of every arena to the system; false where there is no glibc or nothing was freed.</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) != 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library without malloc_trim (musl)
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
