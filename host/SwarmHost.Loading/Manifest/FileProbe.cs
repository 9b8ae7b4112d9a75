using System.Runtime.InteropServices;

namespace SwarmHost.Manifest;

/// <summary>
/// Finds what a path names — a regular file, a folder, a FIFO, a device — found with <c>statx(2)</c>
/// without opening it (opening a FIFO blocks until a writer appears; reading a device may never end).
/// </summary>
public static partial class FileProbe
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;

    /// <summary>What <paramref name="path"/> names (symbolic links followed) and its size in bytes (0 unless regular).</summary>
    public static (FileKind Kind, long Size) Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[256]; // struct statx: the same layout on every Linux architecture
            if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
            {
                return (FileKind.Missing, 0);
            }

            var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
            var size = BitConverter.ToInt64(buffer, 40);
            return mode switch
            {
                0x8000 => (FileKind.Regular, size),
                0x4000 => (FileKind.Directory, 0),
                0x1000 => (FileKind.Fifo, 0),
                0x2000 or 0x6000 => (FileKind.Device, 0),
                _ => (FileKind.Other, 0),
            };
        }

        if (Directory.Exists(path))
        {
            return (FileKind.Directory, 0);
        }

        var info = new FileInfo(path);
        return info.Exists ? (FileKind.Regular, info.Length) : (FileKind.Missing, 0);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);
}
