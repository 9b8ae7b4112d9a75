namespace SwarmHost.Manifest;

/// <summary>What a path names in the file system, as <see cref="FileProbe"/> finds it.</summary>
public enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A character or block device such as <c>/dev/zero</c>.</summary>
    Device,

    /// <summary>A socket or anything else that is not a regular file.</summary>
    Other,
}
