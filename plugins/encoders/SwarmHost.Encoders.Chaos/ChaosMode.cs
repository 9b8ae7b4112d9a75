namespace SwarmHost.Encoders.Chaos;

/// <summary>The fault a <see cref="ChaosEncoder"/> injects.</summary>
public enum ChaosMode
{
    /// <summary>Throws when asked to encode frame k.</summary>
    Throw,

    /// <summary>Blocks forever, ignoring cancellation, when asked to encode frame k.</summary>
    Hang,

    /// <summary>From frame k each call takes longer: (n − k + 1) × step ms extra.</summary>
    Slow,

    /// <summary>From frame k the units' bytes are corrupt while their metadata (size, keyframe flag, timestamps) looks normal.</summary>
    Garbage,

    /// <summary>From frame k the encoder silently produces nothing.</summary>
    Exit,

    /// <summary>At frame k, a segmentation fault in native code (libc writing through a null pointer): the process dies by SIGSEGV.</summary>
    Crash,

    /// <summary>At frame k, libc <c>abort()</c>: the process dies by SIGABRT.</summary>
    Abort,

    /// <summary>At frame k, a native call that blocks forever (libc <c>pause()</c>), out of reach of any managed cancellation.</summary>
    NativeHang,

    /// <summary>
    /// From frame k, native memory is touched page by page until the kernel's OOM killer ends the
    /// process. Refused (an exception instead) when the process has no cgroup memory limit: it
    /// would take the machine's memory, not its own.
    /// </summary>
    Oom,
}
