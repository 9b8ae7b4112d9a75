using System.Runtime.InteropServices;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// The few Linux calls a process lane needs that .NET does not offer: an anonymous shared memory
/// file (<c>memfd_create</c>) for the frame ring, no core dumps in a lane (<c>setrlimit</c>), and an
/// exit that runs nothing (<c>_exit</c>) for a lane whose host is gone while its encoder may be
/// stuck in native code. Written by hand: .NET has no API for any of the three.
/// </summary>
internal static partial class LaneNative
{
    private const uint MemfdCloexec = 1;
    private const int RlimitCore = 4;

    /// <summary>Creates an anonymous memory file of <paramref name="bytes"/> bytes (sparse: pages cost memory once written) and returns its descriptor.</summary>
    /// <exception cref="IOException">The kernel refused (no memfd support, or no memory).</exception>
    public static int CreateMemoryFile(string name, long bytes)
    {
        var fd = MemfdCreate(name, MemfdCloexec);
        if (fd < 0)
        {
            throw new IOException($"memfd_create failed (errno {Marshal.GetLastPInvokeError()}); process lanes need Linux 3.17 or later");
        }

        if (Ftruncate(fd, bytes) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Close(fd);
            throw new IOException($"could not size the frame ring to {bytes} bytes (errno {errno})");
        }

        return fd;
    }

    /// <summary>Closes a descriptor from <see cref="CreateMemoryFile"/>.</summary>
    public static void CloseFile(int fd) => _ = Close(fd);

    /// <summary>This process writes no core file whatever kills it (a lane that crashes again and again must not fill the disk).</summary>
    public static void DisableCoreDumps()
    {
        var none = new RLimit();
        _ = SetRLimit(RlimitCore, in none);
    }

    /// <summary>Ends this process at once with <paramref name="code"/>: no finalizers, no waiting for threads that may be stuck in native code.</summary>
    public static void ExitNow(int code) => Exit(code);

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int code);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
