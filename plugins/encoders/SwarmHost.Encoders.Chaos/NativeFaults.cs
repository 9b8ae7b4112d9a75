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
        }

        throw new InvalidOperationException($"chaos: the native fault {mode} did not take");
    }

    [LibraryImport("libc", EntryPoint = "memset")]
    private static partial IntPtr MemSet(IntPtr destination, int value, nuint count);

    [LibraryImport("libc", EntryPoint = "abort")]
    private static partial void Abort();

    [LibraryImport("libc", EntryPoint = "pause")]
    private static partial int Pause();
}
