using System.Runtime.InteropServices;

namespace SwarmHost.Plugins;

/// <summary>
/// Path containment for plugin roots: resolves a path to its canonical form (every symlink and
/// <c>..</c> followed, as the kernel would) and says whether it stays under a root.
/// </summary>
/// <remarks>
/// .NET resolves one link at a time (<see cref="FileSystemInfo.ResolveLinkTarget"/>), not a whole
/// path with links in intermediate folders, so this calls POSIX <c>realpath(3)</c>; on other
/// platforms it falls back to <see cref="Path.GetFullPath(string)"/> plus final-link resolution.
/// </remarks>
public static partial class PluginPaths
{
    /// <summary>The canonical absolute path, or the normalised full path when it does not exist.</summary>
    public static string Canonical(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var resolved = RealPath(full, IntPtr.Zero);
            if (resolved != IntPtr.Zero)
            {
                try
                {
                    return Marshal.PtrToStringUTF8(resolved) ?? full;
                }
                finally
                {
                    Free(resolved);
                }
            }

            return full;
        }

        var info = new FileInfo(full);
        return info.LinkTarget is null ? full : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>Whether <paramref name="path"/>, canonicalised, is <paramref name="root"/> or lies under it (root canonicalised too).</summary>
    public static bool IsUnder(string path, string root)
    {
        var canonicalRoot = Canonical(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var canonicalPath = Canonical(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return canonicalPath.StartsWith(canonicalRoot, StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
